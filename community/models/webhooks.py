"""Outgoing webhooks: the addresses staff register, and every delivery to them.

Feature apps name the events (ideas: idea.planned, …; reviews: review.created);
community.webhooks.services signs and sends them.
"""

from __future__ import annotations

import base64
import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    """A signing secret in the Standard Webhooks form: "whsec_" and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


class WebhookEndpoint(models.Model):
    name = models.CharField(_("name"), max_length=80, help_text=_("For you, e.g. “Jira backlog”."))
    url = models.URLField(_("address"), max_length=500, help_text=_("Where Tandem sends the events (https)."))
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_secret,
        help_text=_("The receiver checks each delivery's signature with it. Keep it private."),
    )
    events = models.JSONField(_("events"), default=list, help_text=_("The events sent to this address."))

    class Format(models.TextChoices):
        STANDARD = "standard", _("JSON, signed (Standard Webhooks)")
        SLACK = "slack", _("Slack message (Block Kit)")
        TEAMS = "teams", _("Microsoft Teams card (Adaptive Card)")

    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.STANDARD)
    # A Slack app's bot token (chat.postMessage), Fernet-encrypted; empty for incoming webhooks.
    chat_token_encrypted = models.TextField(blank=True, editable=False)
    channel = models.CharField(
        _("Slack channel"), max_length=80, blank=True, help_text=_("With a bot token only, e.g. #product-feedback.")
    )
    # Which events pass, by the filters apps offer (community.webhooks.services.FILTERS):
    # {"product": [3, 7], "segment": [1]}; a filter left out lets every event pass.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    vote_threshold = models.PositiveIntegerField(
        _("vote threshold"), default=50, help_text=_("“An idea reached its vote threshold” fires at this many votes.")
    )
    max_rating = models.PositiveSmallIntegerField(
        _("reviews with at most (stars)"),
        default=5,
        help_text=_("“A review was published” is sent only for reviews with this many stars or fewer."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint. The (endpoint, event key) pair is unique: an event
    announced twice is delivered once; its delivery id stays the same on every retry."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        RETRYING = "retrying", _("failed, will retry")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=60)
    event_key = models.CharField(max_length=120, help_text=_("What happened, e.g. status-change:42."))
    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "event_key"], name="community_deliver_event_once")]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="community_deliveries_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"
