"""What a member is told about: one row per member and event, shown in-app; emailed at
once or gathered into a digest when the member chose so."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.preferences import Channel, topic_choices


class DigestRun(models.Model):
    """One daily or weekly digest round. Its cursor (the last member id done) lets a run
    interrupted half-way go on where it stopped."""

    class Rhythm(models.TextChoices):
        DAILY = Channel.DAILY.value, _("daily")
        WEEKLY = Channel.WEEKLY.value, _("weekly")

    rhythm = models.CharField(max_length=10, choices=Rhythm.choices)
    period = models.DateField(help_text=_("The day (daily) or the Monday (weekly) the round is for."))
    started_at = models.DateTimeField()
    cursor = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")
        constraints = [models.UniqueConstraint(fields=["rhythm", "period"], name="community_one_run_per_period")]

    def __str__(self) -> str:
        return f"{self.rhythm} {self.period}"


class DigestDelivery(models.Model):
    """A member's digest of one run: the unique row is the claim that makes it at most one."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    items = models.PositiveIntegerField(default=0)
    # Claimed when the row is made, sent when the email went; a claim without sent_at
    # and older than EMAIL_CLAIM_SECONDS was left by a worker that died, and the digest
    # is sent again (community.notifications.digests.resend_stalled).
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["run", "member"], name="community_one_digest_per_run")]

    def __str__(self) -> str:
        return f"{self.run} → {self.member_id}"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # Names the event, e.g. "idea-status:42": a retried task finds the row and sends nothing twice.
    event_key = models.CharField(max_length=100)
    topic = models.CharField(_("topic"), max_length=30, choices=topic_choices, default="account")
    # The member's choice when it was created: in-app only, email at once, or a digest.
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker sends the email: left set with no emailed_at, it is "in flight"
    # (the worker may have died) and is sent again once older than EMAIL_CLAIM_SECONDS.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    digest_run = models.ForeignKey(DigestRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="community_notify_once")]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # Emails not sent yet: what each batch and the sweep for stalled emails look for.
            models.Index(
                fields=["event_key"],
                condition=Q(channel="email", emailed_at__isnull=True),
                name="community_email_unsent",
            ),
            # What the next digest round still has to send, member by member.
            models.Index(
                fields=["channel", "recipient"],
                condition=Q(channel__in=["daily", "weekly"], digest_run__isnull=True),
                name="community_digest_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title
