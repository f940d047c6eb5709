"""Each email once: claimed, sent, marked; what a dead worker left in flight is sent
again by the sweep, with the same Message-ID."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from community.models import Notification
from community.notifications import services as notifications
from community.notifications.services import Message
from ideas.topics import IDEA_STATUS
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def announce(members, key="idea-status:7") -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        notifications.notify(
            members, topic=IDEA_STATUS, event_key=key, render=lambda m: Message("Planned", "", "/i/7/")
        )


def emailed_members(count):
    return MemberFactory.create_batch(count, channels={IDEA_STATUS: "email"})


def test_a_round_is_sent_in_batches_each_email_once_with_its_own_message_id(mailoutbox, settings):
    settings.NOTIFICATION_EMAIL_BATCH = 2
    members = emailed_members(5)

    announce(members)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(member.email for member in members)
    ids = [message.extra_headers["Message-ID"] for message in mailoutbox]
    assert len(set(ids)) == 5
    assert all(found.startswith("<notification.") and found.endswith("@127.0.0.1>") for found in ids)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_the_message_id_is_the_same_for_every_attempt():
    member = emailed_members(1)[0]
    announce([member])
    notification = Notification.objects.get(recipient=member)

    assert notifications.message_id(notification) == notifications.message_id(
        Notification.objects.get(pk=notification.pk)
    )


def in_flight(member, claimed_ago: timedelta | None, created_ago: timedelta = timedelta(minutes=5)) -> Notification:
    """As a worker killed between claiming and marking leaves it."""
    now = timezone.now()
    notification = Notification.objects.create(
        recipient=member, event_key="idea-status:9", topic=IDEA_STATUS, channel="email", title="Shipped"
    )
    claimed = now - claimed_ago if claimed_ago is not None else None
    Notification.objects.filter(pk=notification.pk).update(created_at=now - created_ago, email_claimed_at=claimed)
    return Notification.objects.get(pk=notification.pk)


def test_the_sweep_sends_what_a_dead_worker_left_in_flight_once(mailoutbox, settings):
    settings.EMAIL_CLAIM_SECONDS = 60
    stale, fresh = emailed_members(2)
    left = in_flight(stale, claimed_ago=timedelta(minutes=2))
    sending = in_flight(fresh, claimed_ago=timedelta(seconds=5))  # another worker is on it

    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = notifications.resend_stalled()
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = notifications.resend_stalled()

    assert queued == 1
    assert again == 0
    assert [message.to for message in mailoutbox] == [[stale.email]]
    assert mailoutbox[0].extra_headers["Message-ID"] == notifications.message_id(left)
    assert Notification.objects.get(pk=left.pk).emailed_at is not None
    assert Notification.objects.get(pk=sending.pk).emailed_at is None


def test_the_sweep_sends_what_no_worker_ever_picked_up(mailoutbox, settings):
    settings.EMAIL_CLAIM_SECONDS = 60
    member = emailed_members(1)[0]
    in_flight(member, claimed_ago=None)

    with TestCase.captureOnCommitCallbacks(execute=True):
        notifications.resend_stalled()

    assert [message.to for message in mailoutbox] == [[member.email]]
