"""Daily and weekly digests: what they hold, that empty ones are never sent, and that
a round interrupted half-way resumes without sending anyone a second copy."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community import tasks
from community.models import Channel, DigestDelivery, DigestRun, Notification
from community.notifications import digests
from community.notifications import services as notifications
from community.notifications.services import Message
from ideas.topics import HIGHLIGHTS, IDEA_STATUS, OFFICIAL_ANSWERS
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def announce(members, key: str, title: str = "“Dark mode” is now Planned", topic=IDEA_STATUS) -> None:
    notifications.notify(members, topic=topic, event_key=key, render=lambda member: Message(title, "", "/ideas/1-x/"))


def run_round(rhythm=Channel.WEEKLY, when=None) -> DigestRun:
    run = digests.start_run(rhythm, when or timezone.now() + timedelta(seconds=1))
    digests.send_batches(run.pk)
    return run


def test_the_weekly_digest_holds_what_waited_for_it(mailoutbox):
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY, OFFICIAL_ANSWERS: Channel.WEEKLY})
    announce([member], "idea-status:1")
    announce([member], "idea-answer:2", "Official answer on “Dark mode”", topic=OFFICIAL_ANSWERS)
    assert mailoutbox == []  # nothing at once

    run = run_round()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [member.email]
    assert message.subject == "Your weekly digest: 2 updates"
    assert "“Dark mode” is now Planned" in message.body
    assert "Official answer on “Dark mode”" in message.body
    assert "== Status changes of ideas I follow ==" in message.body
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert set(Notification.objects.values_list("digest_run", flat=True)) == {run.pk}
    assert DigestRun.objects.get().finished_at is not None


def test_daily_and_weekly_rounds_each_send_only_their_own(mailoutbox):
    daily = MemberFactory(channels={IDEA_STATUS: Channel.DAILY})
    weekly = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    announce([daily, weekly], "idea-status:1")

    run_round(Channel.DAILY)

    assert [message.to for message in mailoutbox] == [[daily.email]]
    assert mailoutbox[0].subject == "Your daily digest: 1 update"


def test_members_with_nothing_waiting_get_no_email(mailoutbox):
    MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    MemberFactory(channels={HIGHLIGHTS: Channel.WEEKLY})  # highlights, but no products: nothing to say
    email_now = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL})
    announce([email_now], "idea-status:1")
    mailoutbox.clear()

    run_round()

    assert mailoutbox == []
    assert not DigestDelivery.objects.exists()


def test_a_second_round_for_the_same_week_sends_nothing_again(mailoutbox):
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    announce([member], "idea-status:1")
    now = timezone.now() + timedelta(seconds=1)

    first = run_round(when=now)
    again = run_round(when=now + timedelta(hours=1))  # a second beat process, the same week

    assert first.pk == again.pk
    assert len(mailoutbox) == 1


def test_what_arrives_during_a_round_waits_for_the_next_one(mailoutbox):
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    announce([member], "idea-status:1")
    run = digests.start_run(Channel.WEEKLY, timezone.now() + timedelta(seconds=1))
    late = timezone.now() + timedelta(seconds=5)
    announce([member], "idea-status:2", "Later news")
    Notification.objects.filter(event_key="idea-status:2").update(created_at=late)

    digests.send_batches(run.pk)

    assert "Later news" not in mailoutbox[0].body
    assert Notification.objects.get(event_key="idea-status:2").digest_run is None


def test_an_interrupted_round_resumes_without_a_second_copy(mailoutbox, monkeypatch):
    monkeypatch.setattr(digests, "BATCH_SIZE", 2)
    members = [MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY}) for _ in range(5)]
    announce(members, "idea-status:1")
    original, calls = mail.EmailMultiAlternatives.send, []

    def mail_server_fails_on_the_fourth(self, fail_silently=False):
        calls.append(self.to)
        if len(calls) == 4:
            raise ConnectionRefusedError("smtp down")
        return original(self, fail_silently)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", mail_server_fails_on_the_fourth)
    run = digests.start_run(Channel.WEEKLY, timezone.now() + timedelta(seconds=1))
    with pytest.raises(ConnectionRefusedError):
        digests.send_batches(run.pk)
    assert len(mailoutbox) == 3
    assert DigestRun.objects.get().cursor == members[1].pk  # the first batch is done

    digests.send_batches(run.pk)  # the retry

    assert sorted(message.to[0] for message in mailoutbox) == sorted(member.email for member in members)
    assert DigestDelivery.objects.count() == 5
    assert DigestRun.objects.get().finished_at is not None


def test_the_round_goes_through_members_in_batches_with_few_tasks(mailoutbox, monkeypatch):
    monkeypatch.setattr(digests, "BATCH_SIZE", 3)
    members = [MemberFactory(channels={IDEA_STATUS: Channel.DAILY}) for _ in range(7)]
    announce(members, "idea-status:1")
    batches = []
    original = digests.send_batch
    monkeypatch.setattr(digests, "send_batch", lambda run_id: batches.append(run_id) or original(run_id))

    tasks.start_digests.delay(Channel.DAILY)

    assert len(mailoutbox) == 7
    assert len(batches) == 4  # 3 + 3 + 1, and one that finds no one left


def test_a_stalled_round_is_handed_on_again(mailoutbox):
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    announce([member], "idea-status:1")
    run = digests.start_run(Channel.WEEKLY, timezone.now() + timedelta(seconds=1))
    DigestRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - timedelta(hours=1))

    resumed = tasks.resume_digests.delay().get()

    assert resumed == 1
    assert len(mailoutbox) == 1
    assert tasks.resume_digests.delay().get() == 0  # finished rounds are left alone


def test_a_digest_speaks_the_members_language(mailoutbox):
    member = MemberFactory(language="de", channels={IDEA_STATUS: Channel.WEEKLY})
    announce([member], "idea-status:1")

    run_round()

    assert mailoutbox[0].subject == "Dein Wochenüberblick: 1 Neuigkeit"
    assert "Hallo" in mailoutbox[0].body


def test_a_long_digest_lists_the_first_items_and_points_to_the_rest(mailoutbox, monkeypatch):
    monkeypatch.setattr(digests, "MAX_ITEMS", 2)
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    for number in range(4):
        announce([member], f"idea-status:{number}", f"News {number}")

    run_round()

    body = mailoutbox[0].body
    assert "News 0" in body and "News 1" in body
    assert "News 3" not in body
    assert "And 2 more on the site" in body
    assert Notification.objects.filter(digest_run__isnull=True).count() == 0  # all counted as sent


def test_the_weekly_period_is_the_monday_of_the_week():
    wednesday = timezone.datetime(2026, 11, 25, 9, 0, tzinfo=timezone.get_current_timezone())

    assert str(digests.period_of(Channel.WEEKLY, wednesday)) == "2026-11-23"
    assert str(digests.period_of(Channel.DAILY, wednesday)) == "2026-11-25"


def test_a_batch_shares_one_connection_to_the_mail_server(mailoutbox, settings, monkeypatch):
    from tests.community.counting_mail import CountingBackend

    settings.EMAIL_BACKEND = "tests.community.counting_mail.CountingBackend"
    monkeypatch.setattr(CountingBackend, "opened", 0)
    monkeypatch.setattr(digests, "BATCH_SIZE", 5)
    members = [MemberFactory(channels={IDEA_STATUS: Channel.DAILY}) for _ in range(5)]
    announce(members, "idea-status:1")

    run_round(Channel.DAILY)

    assert len(mail.outbox) == 5
    assert CountingBackend.opened == 1  # one for the batch of five, not one per email
