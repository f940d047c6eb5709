"""How each member wants to hear about each kind of event, and the record of every
change of that consent (what, when, from where)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def topic_choices() -> list[tuple[str, str]]:
    """The topics apps give (community.notifications.topics), read when asked."""
    from community.notifications import topics

    return topics.choices()


class Channel(models.TextChoices):
    IN_APP = "in_app", _("On the site only")
    EMAIL = "email", _("On the site and by email at once")
    DAILY = "daily", _("On the site and in a daily email digest")
    WEEKLY = "weekly", _("On the site and in a weekly email digest")
    NONE = "none", _("Not at all")


class ChannelPreference(models.Model):
    """A member's choice for one topic; without a row, the topic's default applies."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preferences")
    topic = models.CharField(_("topic"), max_length=30, choices=topic_choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")
        constraints = [models.UniqueConstraint(fields=["member", "topic"], name="community_one_channel_per_topic")]
        indexes = [models.Index(fields=["topic", "channel", "member"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.topic}: {self.channel}"


class ConsentChange(models.Model):
    """One change of a member's channel for a topic: never edited, shown to the member."""

    class Source(models.TextChoices):
        SETTINGS = "settings", _("Notification settings")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe link in an email")
        API = "api", _("API")
        STAFF = "staff", _("Staff, on your request")
        PROVIDER = "provider", _("Our email provider: the address bounced or reported spam")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_changes")
    topic = models.CharField(_("topic"), max_length=30, choices=topic_choices)
    previous = models.CharField(_("before"), max_length=10, choices=Channel.choices)
    channel = models.CharField(_("after"), max_length=10, choices=Channel.choices)
    source = models.CharField(_("where"), max_length=20, choices=Source.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The address the change came from (PROXY_COUNT applied); blanked after
    # RETENTION_CONSENT_IP_DAYS, the change itself is kept as proof of consent.
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent change")
        verbose_name_plural = _("consent changes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.topic}: {self.previous} → {self.channel}"
