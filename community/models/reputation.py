"""Reputation: points for activity that helps others, each award recorded once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Archetype(models.TextChoices):
    """The buyer-type archetypes of a social buyer-type study: computed from measured
    activity by community.profiles.archetypes, never asked."""

    CONNECTOR = "connector", _("Connector")
    SALESMAN = "salesman", _("Salesman")
    SEEKER = "seeker", _("Seeker")
    EXPERT = "expert", _("Expert")
    INDEPENDENT = "independent", _("Independent")
    OTHER = "other", _("Other")


def reason_choices() -> list[tuple[str, str]]:
    """The reasons apps give (community.profiles.reputation), read when asked."""
    from community.profiles import reputation

    return reputation.choices()


class ReputationEvent(models.Model):
    """One award; the unique key (e.g. "idea-planned:42") makes awarding twice a no-op."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events")
    reason = models.CharField(_("reason"), max_length=30, choices=reason_choices)
    points = models.IntegerField(_("points"))
    key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reputation award")
        verbose_name_plural = _("reputation awards")
        indexes = [models.Index(fields=["member", "reason"])]

    def __str__(self) -> str:
        return f"{self.member_id} +{self.points} {self.reason}"
