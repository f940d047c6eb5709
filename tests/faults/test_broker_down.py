"""The broker stops: every write is answered by what happened to it (stored), and what
it asked for waits in the outbox until the broker is back."""

from __future__ import annotations

import json
import time

import pytest
import redis as redis_client
from django.test import TestCase

from community import outbox
from community.models import OutboxEntry
from config import health
from ideas.models import Comment, Idea
from tests.factories import IdeaFactory
from tests.faults.broker import broker
from tests.faults.redis_server import PrivateRedis

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NOBODY_LISTENS = "redis://127.0.0.1:1/0"


def test_a_comment_posted_while_the_broker_is_down_is_stored_once_and_answered_201(api, member, board):
    idea = IdeaFactory(title="Offline mode")

    with broker(NOBODY_LISTENS):
        started = time.monotonic()
        response = api.post(f"/ideas/{idea.pk}/comments/", {"body": "Yes please, on the train too"})
        took = time.monotonic() - started

    assert response.status_code == 201
    assert took < 5  # the publish gives up quickly
    assert Comment.objects.filter(idea=idea).count() == 1
    waiting = set(OutboxEntry.objects.values_list("task", flat=True))
    assert "ideas.tasks.announce_comment" in waiting
    assert all(entry.attempts == 1 and "Error" in entry.last_error for entry in OutboxEntry.objects.all())


def test_an_idea_posted_while_the_broker_is_down_is_answered_201_and_indexed_later(api, member, board, settings):
    settings.OUTBOX_SETTLE_SECONDS = 0
    with broker(NOBODY_LISTENS):
        response = api.post("/ideas/", {"title": "Calendar sync", "body": "For Outlook"})
    assert response.status_code == 201
    assert Idea.objects.filter(title="Calendar sync").count() == 1
    assert OutboxEntry.objects.filter(task="search.tasks.update_entry").count() == 1

    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = outbox.drain()  # the broker is back (inline here): the sweep hands it on

    assert sent >= 1
    assert not OutboxEntry.objects.exists()
    assert api.get("/search/", q="outlook").json()["hits"][0]["title"] == "Calendar sync"


def test_the_sweep_hands_the_entries_to_the_broker_once_it_is_back(api, member, board, settings):
    settings.OUTBOX_SETTLE_SECONDS = 0
    server = PrivateRedis()
    server.start()
    try:
        with broker(server.url):
            server.stop()
            idea = IdeaFactory()
            assert api.post(f"/ideas/{idea.pk}/comments/", {"body": "Me too"}).status_code == 201
            kept = OutboxEntry.objects.count()
            assert kept >= 2
            assert health.readyz(_get()).status_code == 200

            assert outbox.drain() == 0  # still down: nothing lost, nothing sent
            assert OutboxEntry.objects.count() == kept

            server.start()
            assert outbox.drain() == kept

        queues = redis_client.Redis(port=server.port)
        queued = [json.loads(message) for name in settings.CELERY_QUEUE_NAMES for message in queues.lrange(name, 0, -1)]
        names = sorted(message["headers"]["task"] for message in queued)
        assert names.count("ideas.tasks.announce_comment") == 1
        assert len(names) == kept
        assert not OutboxEntry.objects.exists()
    finally:
        server.stop()


def test_readyz_reports_the_outbox_backlog(client, settings):
    entry = OutboxEntry.objects.create(task="search.tasks.update_entry", args=["ideas", 1])
    OutboxEntry.objects.filter(pk=entry.pk).update(created_at=entry.created_at.replace(year=2020))

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["outbox"]["status"] == "late"
    assert response.json()["checks"]["outbox"]["waiting"] == 1


def _get():
    from django.test import RequestFactory

    return RequestFactory().get("/readyz")
