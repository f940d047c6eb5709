"""Telling members what happened, on the channel each chose for the event's topic.

Each (member, event) is one Notification row behind a unique constraint, and each
email is claimed with a conditional update before it is sent: a task that runs twice
creates nothing twice and sends nothing twice. Emails go out in batches of their own
task (send_pending_emails), after the rows are committed. Digest topics wait for community.notifications.digests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from community import emails, outbox
from community.emails import render_email
from community.models import Channel, Notification, User
from community.notifications import channels, unsubscribe

BATCH = 500
# A batch of emails ends after this long, well inside the task time limits.
BATCH_SECONDS = 60
# At most this many events are queued again by one sweep.
STALLED_EVENTS = 200


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str


def notify(
    recipients: QuerySet[User] | Iterable[User], *, topic: str, event_key: str, render: Callable[[User], Message]
) -> int:
    """Creates the event's notification for every recipient who has none yet and has
    not turned the topic off, then emails those who want it at once.

    render(member) is called with the member's language active. Returns how many
    notifications this call created.
    """
    created = 0
    batch: list[User] = []
    for member in recipients:
        batch.append(member)
        if len(batch) == BATCH:
            created += _create(batch, topic, event_key, render)
            batch = []
    if batch:
        created += _create(batch, topic, event_key, render)
    queue_emails(event_key)
    return created


def _create(members: list[User], topic: str, event_key: str, render: Callable[[User], Message]) -> int:
    done = set(
        Notification.objects.filter(event_key=event_key, recipient__in=members).values_list("recipient_id", flat=True)
    )
    chosen = channels.channel_for_each((member.pk for member in members), topic)
    rows = []
    for member in members:
        channel = chosen[member.pk]
        if member.pk in done or channel == Channel.NONE or not member.is_active:
            continue
        with translation.override(member.language):
            message = render(member)
        rows.append(
            Notification(
                recipient=member,
                event_key=event_key,
                topic=topic,
                channel=channel,
                title=message.title,
                body=message.body,
                url=message.url,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def send_pending_emails(event_key: str) -> bool:
    """Emails the event's notifications to members who want them at once, each once;
    True when the batch ended with more to send (the task hands on to the next batch).

    Each email is sent once (community.emails.send_once: claimed in email_claimed_at,
    marked in emailed_at), with a Message-ID of its own; a claim a dead worker left "in
    flight" is queued again by resend_stalled.
    """
    started = time.monotonic()
    sent = 0
    for notification in _unsent(event_key).select_related("recipient").iterator():
        if sent >= settings.NOTIFICATION_EMAIL_BATCH or time.monotonic() - started > BATCH_SECONDS:
            return True
        row = Notification.objects.filter(pk=notification.pk)
        if emails.send_once(row, "email_claimed_at", "emailed_at", partial(_send, notification)):
            sent += 1
    return False


def _unsent(event_key: str | None = None) -> QuerySet[Notification]:
    unsent = Notification.objects.filter(channel=Channel.EMAIL, emailed_at__isnull=True, recipient__is_active=True)
    return unsent if event_key is None else unsent.filter(event_key=event_key)


def _send(notification: Notification) -> None:
    member = notification.recipient
    with translation.override(member.language):
        link = unsubscribe.url(member, [notification.topic])
        context = {
            "member": member,
            "notification": notification,
            "site_url": settings.BASE_URL,
            "unsubscribe_url": link,
        }
        headers = {**unsubscribe.headers(link), "Message-ID": message_id(notification)}
        render_email("notification", context, headers).send()


def message_id(notification: Notification) -> str:
    """The same for every attempt at one notification's email, so that a receiver can
    drop a second copy."""
    return emails.message_id("notification", notification.pk, f"{notification.created_at:%Y%m%d%H%M%S}")


def queue_emails(event_key: str) -> None:
    from community import tasks

    outbox.enqueue(tasks.send_notification_emails, event_key)


def resend_stalled() -> int:
    """Queues again the events whose emails nobody is sending: claimed by a worker that
    died, or never picked up (their task was lost with its worker). For beat."""
    stale = emails.stale_claims()
    stalled = _unsent().filter(Q(email_claimed_at__lt=stale) | Q(email_claimed_at__isnull=True, created_at__lt=stale))
    keys = list(stalled.values_list("event_key", flat=True).distinct().order_by("event_key")[:STALLED_EVENTS])
    for key in keys:
        queue_emails(key)
    return len(keys)


def unread_count(member: User) -> int:
    if not member.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def mark_all_read(member: User) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())


def mark_read(member: User, notification_id: int) -> Notification:
    """The member's own notification, marked read; another member's is not found."""
    notification = Notification.objects.get(pk=notification_id, recipient=member)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return notification
