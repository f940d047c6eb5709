"""Addresses the email provider reports as undeliverable or as complaining (a hard
bounce, a spam complaint, a rejection) get no more email: every topic is switched
away from email, recorded in the member's consent history as the provider's doing.

The provider's webhook is django-anymail's tracking webhook
(/email/provider/<provider>/tracking/, protected by ANYMAIL_WEBHOOK_SECRET); anymail
turns each provider's payload into one event type, heard here.
"""

from __future__ import annotations

import logging

from anymail.signals import AnymailTrackingEvent, EventType, tracking
from django.dispatch import receiver

from community.models import ConsentChange, User
from community.notifications import channels
from community.notifications.topics import all_topics

logger = logging.getLogger(__name__)
# Temporary trouble (EventType.DEFERRED) is retried by the provider, not suppressed.
SUPPRESSING = {EventType.BOUNCED, EventType.COMPLAINED, EventType.REJECTED}


def suppress(address: str) -> list[ConsentChange]:
    """Stops email to every member with this address; the changes made (none when
    it was stopped already, so a webhook delivered twice records nothing twice)."""
    changes: list[ConsentChange] = []
    for member in User.objects.filter(email__iexact=address.strip()):
        changes += channels.stop_emails(
            member, [topic.key for topic in all_topics()], source=ConsentChange.Source.PROVIDER
        )
    return changes


@receiver(tracking, dispatch_uid="tandem-suppress-bounces")
def provider_reported(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    if event.event_type in SUPPRESSING and event.recipient:
        changes = suppress(event.recipient)
        logger.info("%s reported %s for an address: %d email topics stopped", esp_name, event.event_type, len(changes))
