"""Feedback the team heard from a customer (on a call, in a ticket, at a meeting) and
recorded for them: which idea, vote or comment it became, from where, in whose words."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Capture(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        VOTE = "vote", _("Vote")
        COMMENT = "comment", _("Comment")

    class Source(models.TextChoices):
        TICKET = "ticket", _("Support ticket")
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        CHAT = "chat", _("Chat")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="captures")
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="captures_made"
    )
    # Set when an integration (a CRM, a help desk) recorded it with its key.
    api_key = models.ForeignKey("community.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("what"), max_length=8, choices=Kind.choices)
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="captures")
    comment = models.ForeignKey("ideas.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("heard in"), max_length=8, choices=Source.choices)
    link = models.URLField(_("link to the original"), max_length=500, blank=True)
    quote = models.TextField(_("the customer's own words"), max_length=2_000, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("captured feedback")
        verbose_name_plural = _("captured feedback")
        indexes = [models.Index(fields=["idea", "customer"], name="ideas_capture_idea_customer")]
        permissions = [("capture_feedback", _("Can record ideas, votes and comments on a customer's behalf"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.customer_id} on {self.idea_id}"
