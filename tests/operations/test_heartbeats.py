"""Workers and beat are reported alive only while their heartbeats are fresh."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.models import Heartbeat
from community.operations import health, heartbeats
from config.celery import app


@pytest.fixture
def with_broker(settings, monkeypatch):
    """A configured broker that answers (its own check is tested elsewhere)."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)


@pytest.mark.django_db
def test_without_heartbeats_every_queue_lacks_a_worker_and_beat_is_down(client, with_broker):
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["workers"]["status"] == "down"
    assert body["checks"]["workers"]["queues_without_worker"] == sorted(
        ["default", "email", "webhooks", "search", "digests"]
    )
    assert body["checks"]["beat"] == {"status": "down", "seconds_ago": None}


@pytest.mark.django_db
def test_fresh_heartbeats_for_every_queue_make_it_ready(client, with_broker):
    heartbeats.record("worker:web1", ["default", "email", "search"])
    heartbeats.record("worker:web2", ["webhooks", "digests"])
    heartbeats.record(heartbeats.BEAT)
    body = client.get("/readyz").json()
    assert body["checks"]["workers"]["status"] == "up"
    assert body["checks"]["workers"]["alive"] == ["worker:web1", "worker:web2"]
    assert body["checks"]["beat"]["status"] == "up"
    assert body["status"] == "ready"


@pytest.mark.django_db
def test_a_worker_that_stopped_beating_is_down_within_the_late_limit(client, settings, with_broker):
    heartbeats.record("worker:web1", ["default", "email", "search"])
    heartbeats.record("worker:web2", ["webhooks", "digests"])
    heartbeats.record(heartbeats.BEAT)
    late = timezone.now() - timedelta(seconds=settings.HEARTBEAT_LATE_SECONDS + 1)
    Heartbeat.objects.filter(name="worker:web2").update(seen_at=late)
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["workers"]["queues_without_worker"] == ["digests", "webhooks"]
    seen = {worker["name"]: worker for worker in body["checks"]["workers"]["seen"]}
    assert seen["worker:web2"]["alive"] is False
    assert seen["worker:web2"]["seconds_ago"] > settings.HEARTBEAT_LATE_SECONDS


@pytest.mark.django_db
def test_workers_gone_for_a_day_are_forgotten_but_not_beat():
    heartbeats.record("worker:old", ["default"])
    heartbeats.record(heartbeats.BEAT)
    Heartbeat.objects.update(seen_at=timezone.now() - timedelta(days=2))
    assert heartbeats.forget_old() == 1
    assert list(Heartbeat.objects.values_list("name", flat=True)) == ["beat"]


@pytest.mark.django_db
def test_beats_scheduler_records_a_tick(tmp_path):
    scheduler = heartbeats.RecordingScheduler(app, schedule_filename=str(tmp_path / "schedule"), lazy=False)
    try:
        wait = scheduler.tick()
    finally:
        scheduler.close()
    assert Heartbeat.objects.get(name="beat").seen_at > timezone.now() - timedelta(seconds=5)
    assert 0 <= wait <= 15


@pytest.mark.django_db
def test_the_health_command_prints_the_report_and_exits_by_it(monkeypatch, settings):
    settings.CELERY_BROKER_URL = settings.NO_BROKER
    out = io.StringIO()
    call_command("health", stdout=out)
    assert json.loads(out.getvalue())["status"] == "ready"

    out = io.StringIO()
    call_command("health", "--only", "database", stdout=out)
    assert set(json.loads(out.getvalue())["checks"]) == {"database"}

    def refuse():
        raise PermissionError("read-only bucket")

    monkeypatch.setitem(health.CHECKS, "storage", refuse)
    call_command("health", stdout=io.StringIO())  # degraded still serves: exit 0
    with pytest.raises(SystemExit) as strict:
        call_command("health", "--strict", stdout=io.StringIO())
    assert strict.value.code == 1

    def down():
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", down)
    with pytest.raises(SystemExit) as unavailable:
        call_command("health", stdout=io.StringIO())
    assert unavailable.value.code == 1


def test_the_health_command_names_unknown_checks():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown checks: nope"):
        call_command("health", "--only", "nope")
