"""A real worker on a broker of the test's own: the broker stopped during a write, the
worker killed with SIGKILL in the middle of a 200-follower round."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from community import outbox
from community.models import ChannelPreference, Follow, Notification, OutboxEntry
from community.notifications import services as notifications
from ideas import services
from ideas.models import Idea
from ideas.topics import IDEA_STATUS
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status
from tests.faults.broker import broker
from tests.faults.redis_server import PrivateRedis
from tests.faults.worker import Worker, real_worker_marks, wait_for

pytestmark = real_worker_marks()


@pytest.fixture
def redis():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def quick(settings):
    """The sweeps take what is a few seconds old, not half a minute."""
    settings.OUTBOX_SETTLE_SECONDS = 0
    settings.EMAIL_CLAIM_SECONDS = 3
    return {"OUTBOX_SETTLE_SECONDS": "0", "EMAIL_CLAIM_SECONDS": "3"}


def test_a_comment_written_while_the_broker_was_down_reaches_the_author_once_it_is_back(
    redis, quick, tmp_path, api, board
):
    author = MemberFactory(email="author@example.com")
    idea = IdeaFactory(author=author, title="Offline mode")
    worker = Worker(redis.url, tmp_path, **quick)
    worker.start()
    try:
        with broker(redis.url):
            redis.stop()
            response = api.post(f"/ideas/{idea.pk}/comments/", {"body": "Yes, on the train"})
            assert response.status_code == 201  # stored, and answered so
            assert OutboxEntry.objects.filter(task="ideas.tasks.announce_comment").count() == 1

            redis.start()
            assert wait_for(lambda: outbox.drain() >= 0 and not OutboxEntry.objects.exists(), 30)
            assert wait_for(lambda: "author@example.com" in worker.received(), 60), worker.log.read_text()
    finally:
        worker.stop()

    assert sum(worker.received()["author@example.com"].values()) == 1
    assert Notification.objects.get(recipient=author).emailed_at is not None


def test_a_worker_killed_mid_round_leaves_every_follower_with_exactly_one_email(redis, quick, tmp_path):
    idea = IdeaFactory(title="Offline mode")
    followers = MemberFactory.create_batch(200)
    ChannelPreference.objects.bulk_create(
        ChannelPreference(member=member, topic=IDEA_STATUS, channel="email") for member in followers
    )
    kind = ContentType.objects.get_for_model(Idea)
    Follow.objects.bulk_create(Follow(member=member, content_type=kind, object_id=idea.pk) for member in followers)
    env = {**quick, "NOTIFICATION_EMAIL_BATCH": "50"}
    worker = Worker(redis.url, tmp_path, settings_module="tests.faults.worker_settings", **env)
    worker.start()
    try:
        with broker(redis.url):
            services.change_status(idea, status("planned"), StaffFactory())
            assert wait_for(lambda: len(worker.messages()) >= 60, 90), worker.log.read_text()
            worker.kill()
            killed_after = len(worker.messages())
            assert killed_after < 200
            in_flight = Notification.objects.filter(email_claimed_at__isnull=False, emailed_at__isnull=True)
            assert in_flight.count() <= 1

            worker.start()
            # beat's sweep, every 30 s in production: what nobody is sending is queued again
            assert wait_for(lambda: notifications.resend_stalled() >= 0 and len(worker.received()) == 200, 120)
    finally:
        worker.stop()

    received = worker.received()
    assert sorted(received) == sorted(member.email for member in followers)
    # One email each; the one in flight at the kill may have been written twice, with
    # the same Message-ID, which mail programs drop.
    assert all(len(ids) == 1 for ids in received.values())
    duplicates = sum(sum(ids.values()) - 1 for ids in received.values())
    assert duplicates <= 1
    assert not Notification.objects.filter(channel="email", emailed_at__isnull=True).exists()
    print(f"killed after {killed_after} emails; {duplicates} sent twice with one Message-ID")  # noqa: T201
