"""Telling members what happened, on the channel each chose for the event's topic.

Each (member, event) is one Notification row behind a unique constraint, and each
email is claimed with a conditional update before it is sent: a task that runs twice
creates nothing twice and sends nothing twice. Digest topics wait for community.notifications.digests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation

from community.emails import render_email
from community.models import Channel, Notification, User
from community.notifications import channels, unsubscribe

BATCH = 500


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
    send_pending_emails(event_key)
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


def send_pending_emails(event_key: str) -> int:
    """Emails the event's notifications to members who want them at once; each at most once."""
    sent = 0
    pending = Notification.objects.filter(
        event_key=event_key, channel=Channel.EMAIL, emailed_at__isnull=True, recipient__is_active=True
    ).select_related("recipient")
    for notification in pending.iterator():
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue  # another worker has it
        member = notification.recipient
        try:
            with translation.override(member.language):
                link = unsubscribe.url(member, [notification.topic])
                context = {
                    "member": member,
                    "notification": notification,
                    "site_url": settings.BASE_URL,
                    "unsubscribe_url": link,
                }
                render_email("notification", context, unsubscribe.headers(link)).send()
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # the retry sends it
            raise
        sent += 1
    return sent


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
