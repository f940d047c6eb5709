"""One moderation state for everything members write (ideas, comments, reviews).

Public lists, counts and aggregates show published content only; the author still
sees their own hidden content with the reason; moderation never deletes anything.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class ModeratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation_state=ModerationState.PUBLISHED)


class Moderated(models.Model):
    """Abstract: the moderation state of one piece of member content."""

    moderation_state = models.CharField(
        _("moderation"), max_length=12, choices=ModerationState.choices, default=ModerationState.PUBLISHED
    )
    moderation_reason = models.TextField(
        _("reason"), max_length=1_000, blank=True, help_text=_("Shown to the author when their post is held back.")
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED
