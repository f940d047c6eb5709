"""The parts of metrics, heartbeats and logging that run inside Celery's processes,
exercised here without a worker (the worker tests run them for real)."""

from __future__ import annotations

import logging
import logging.config

import pytest
import requests
from django.conf import settings as django_settings

from community import tasks
from community.models import Heartbeat
from community.operations import heartbeats, metrics
from config import celery as celery_config
from tests.faults.broker import broker
from tests.faults.redis_server import PrivateRedis, free_port


def test_queue_lengths_are_read_from_the_broker(settings):
    server = PrivateRedis()
    server.start()
    try:
        settings.CELERY_BROKER_URL = server.url
        with broker(server.url):
            with celery_config.app.connection_for_write() as connection:
                for name, waiting in (("default", 2), ("email", 1)):
                    queue = connection.SimpleQueue(name)
                    for n in range(waiting):
                        queue.put({"n": n})
                    queue.close()
            lengths = metrics.queue_lengths()
            families = list(metrics.StateCollector()._queues())
    finally:
        server.stop()
    assert lengths == {"default": 2, "email": 1, "webhooks": 0, "search": 0, "digests": 0}
    samples = {sample.labels["queue"]: sample.value for sample in families[0].samples}
    assert samples["email"] == 1


def test_a_part_that_cannot_be_read_is_left_out_of_the_scrape(monkeypatch, settings, caplog):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    def unreachable():
        raise ConnectionError("the broker does not answer")

    monkeypatch.setattr(metrics, "queue_lengths", unreachable)
    monkeypatch.setattr(metrics.StateCollector, "_outbox", lambda self: iter(()))
    monkeypatch.setattr(metrics.StateCollector, "_webhooks", lambda self: iter(()))
    monkeypatch.setattr(metrics.StateCollector, "_moderation", lambda self: iter(()))
    monkeypatch.setattr(metrics.StateCollector, "_heartbeats", lambda self: iter(()))
    with caplog.at_level(logging.WARNING):
        assert list(metrics.StateCollector().collect()) == []
    assert "metrics: _queues could not be read" in caplog.text


def test_several_processes_count_into_one_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    found = metrics.registry()
    assert found is not metrics.REGISTRY
    assert list(found.collect()) == []  # nothing written there yet


@pytest.mark.django_db
def test_a_worker_serves_its_own_metrics_when_given_a_port(monkeypatch):
    from celery.signals import worker_ready

    port = free_port()
    monkeypatch.setenv("WORKER_METRICS_PORT", str(port))
    metrics.connect_celery()
    worker_ready.send(sender=None)
    tasks.drain_outbox.apply()
    text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    assert 'tandem_celery_tasks_total{outcome="succeeded",task="community.tasks.drain_outbox"}' in text


class FakeTimer:
    def __init__(self) -> None:
        self.calls: list = []
        self.cancelled = False

    def call_repeatedly(self, seconds, function, args):
        self.calls.append((seconds, function, args))
        return self

    def cancel(self) -> None:
        self.cancelled = True


class FakeWorker:
    def __init__(self) -> None:
        self.app = celery_config.app
        self.hostname = "email@web1"
        self.timer = FakeTimer()


@pytest.mark.django_db
def test_the_worker_step_writes_a_heartbeat_now_and_then_on_its_timer(monkeypatch):
    worker = FakeWorker()
    monkeypatch.setattr(celery_config.app.amqp.queues, "_consume_from", {"email": None})
    step = heartbeats.WorkerHeartbeat(worker)
    step.start(worker)
    beat = Heartbeat.objects.get(name="worker:email@web1")
    assert beat.queues == ["email"]
    seconds, function, args = worker.timer.calls[0]
    assert (seconds, function, args) == (django_settings.HEARTBEAT_SECONDS, heartbeats.record, (beat.name, ["email"]))
    step.stop(worker)
    assert worker.timer.cancelled


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_heartbeat_the_database_refuses_is_logged_not_raised(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(Heartbeat.objects, "update_or_create", refuse)
    with caplog.at_level(logging.WARNING):
        heartbeats.record("worker:x")
    assert "Could not record the heartbeat of worker:x" in caplog.text


def test_workers_log_through_djangos_logging_into_their_logfile(tmp_path, settings):
    logfile = tmp_path / "worker.log"
    try:
        celery_config._use_django_logging(loglevel="INFO", logfile=str(logfile))
        logging.getLogger("celery.worker").info("ready for work")
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        logging.config.dictConfig(settings.LOGGING)
    assert "INFO celery.worker ready for work" in logfile.read_text()
