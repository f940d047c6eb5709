"""Telling members what happened: in-app always, by email when they chose it.

Each (member, event) is one Notification row behind a unique constraint, and each
email is claimed with a conditional update before it is sent: a task that runs twice
creates nothing twice and sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation

from community.models import Notification, User
from community.services import render_email

BATCH = 500


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str


def notify(recipients: QuerySet[User] | Iterable[User], *, event_key: str, render: Callable[[User], Message]) -> int:
    """Creates the event's notification for every recipient who has none yet, then emails.

    render(member) is called with the member's language active. Returns how many
    notifications this call created.
    """
    created = 0
    batch: list[User] = []
    for member in recipients:
        batch.append(member)
        if len(batch) == BATCH:
            created += _create(batch, event_key, render)
            batch = []
    if batch:
        created += _create(batch, event_key, render)
    send_pending_emails(event_key)
    return created


def _create(members: list[User], event_key: str, render: Callable[[User], Message]) -> int:
    done = set(
        Notification.objects.filter(event_key=event_key, recipient__in=members).values_list("recipient_id", flat=True)
    )
    rows = []
    for member in members:
        if member.pk in done:
            continue
        with translation.override(member.language):
            message = render(member)
        rows.append(
            Notification(recipient=member, event_key=event_key, title=message.title, body=message.body, url=message.url)
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def send_pending_emails(event_key: str) -> int:
    """Emails the event's notifications to members who want email; each at most once."""
    sent = 0
    pending = Notification.objects.filter(
        event_key=event_key, emailed_at__isnull=True, recipient__email_updates=True, recipient__is_active=True
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
                context = {"member": member, "notification": notification, "site_url": settings.BASE_URL}
                render_email("notification", context).send()
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


def set_email_updates(member: User, wanted: bool) -> None:
    User.objects.filter(pk=member.pk).update(email_updates=wanted)
    member.email_updates = wanted
