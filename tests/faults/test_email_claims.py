"""Each email once: claimed, sent, marked; what a dead worker left in flight is sent
again by the sweep, with the same Message-ID."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from community import emails, tasks
from community.models import Channel, DigestDelivery, Notification, User
from community.notifications import digests
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


def test_a_digest_left_claimed_by_a_dead_worker_is_sent_again_with_its_message_id(mailoutbox, settings):
    settings.EMAIL_CLAIM_SECONDS = 60
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    notifications.notify(
        [member], topic=IDEA_STATUS, event_key="idea-status:3", render=lambda m: Message("Planned", "", "/")
    )
    run = digests.start_run(Channel.WEEKLY, timezone.now() + timedelta(seconds=1))
    original = digests._email
    digests._email = lambda run, digest, connection=None: (_ for _ in ()).throw(SystemExit("killed"))  # dies mid-send
    try:
        with pytest.raises(SystemExit):
            digests.send_batches(run.pk)
    finally:
        digests._email = original
    delivery = DigestDelivery.objects.get(run=run, member=member)
    assert delivery.sent_at is None  # in flight: claimed, never marked sent
    assert digests.resend_stalled() == 0  # not stale yet: it may still be on its way

    DigestDelivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - timedelta(minutes=2))
    assert digests.resend_stalled() == 1
    assert digests.resend_stalled() == 0

    assert [message.to for message in mailoutbox] == [[member.email]]
    assert "Planned" in mailoutbox[0].body
    assert mailoutbox[0].extra_headers["Message-ID"] == emails.message_id("digest", run.pk, member.pk)
    assert DigestDelivery.objects.get(pk=delivery.pk).sent_at is not None


def test_a_welcome_left_claimed_by_a_dead_worker_is_sent_again_once(mailoutbox, settings):
    settings.EMAIL_CLAIM_SECONDS = 60
    member = MemberFactory(language="de")
    User.objects.filter(pk=member.pk).update(welcome_email_claimed_at=timezone.now() - timedelta(minutes=2))
    fresh = MemberFactory()
    User.objects.filter(pk=fresh.pk).update(welcome_email_claimed_at=timezone.now())  # still being sent

    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = emails.resend_stalled_welcomes()
    again = emails.send_welcome_email(member.pk, "de")

    assert (queued, again) == (1, False)
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert mailoutbox[0].extra_headers["Message-ID"] == emails.message_id("welcome", member.pk)
    assert User.objects.get(pk=member.pk).welcome_email_sent_at is not None
    assert User.objects.get(pk=fresh.pk).welcome_email_sent_at is None


def test_beats_sweep_covers_every_kind_of_email(settings):
    assert tasks.resend_stalled_emails() == {"notifications": 0, "welcomes": 0, "digests": 0}
    assert settings.CELERY_BEAT_SCHEDULE["resend-stalled-emails"]["schedule"] <= 30
