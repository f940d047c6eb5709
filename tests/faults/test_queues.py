"""A queue per kind of work, with real workers on a broker of the test's own: a
webhook receiver that never answers holds up its own queue, not an email. The
workers' heartbeats name the queues they serve, and their JSON log lines carry the
task and the id of the request that queued it."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from django.conf import settings

from community import tasks
from community.models import Heartbeat, User, WebhookDelivery, WebhookEndpoint
from community.operations import logs
from tests.factories import MemberFactory
from tests.faults.broker import broker
from tests.faults.redis_server import PrivateRedis
from tests.faults.worker import Worker, real_worker_marks, wait_for

pytestmark = real_worker_marks()


@pytest.fixture
def silent_receiver():
    """Accepts connections and never answers (a receiver that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    listener.close()


def test_a_stalled_webhook_receiver_does_not_delay_an_email(tmp_path, silent_receiver):
    redis = PrivateRedis()
    redis.start()
    env = {"LOG_FORMAT": "json", "HEARTBEAT_SECONDS": "1"}
    (tmp_path / "hooks").mkdir()
    (tmp_path / "mail").mkdir()
    hooks = Worker(redis.url, tmp_path / "hooks", **env)
    mail = Worker(redis.url, tmp_path / "mail", **env)
    endpoint = WebhookEndpoint.objects.create(name="Stuck", url=silent_receiver, secret="s" * 32)
    deliveries = [
        WebhookDelivery.objects.create(endpoint=endpoint, event="idea.created", event_key=f"idea:{n}", payload={})
        for n in range(3)
    ]
    member = MemberFactory(display_name="Katherine")
    hooks.start("webhooks")
    mail.start("default,email,search,digests")
    try:
        assert wait_for(lambda: Heartbeat.objects.filter(name__startswith="worker:").count() == 2, 30), (
            hooks.log.read_text() + mail.log.read_text()
        )
        served = {queue for beat in Heartbeat.objects.all() for queue in beat.queues}
        assert served == set(settings.CELERY_QUEUE_NAMES)
        with broker(redis.url):
            for delivery in deliveries:
                tasks.deliver_webhook.delay(delivery.pk)  # each waits 10 s for an answer
            time.sleep(0.5)  # the first is being sent now
            token = logs.request_id.set("req-queue-test-0001")
            try:
                queued = time.monotonic()
                tasks.send_welcome_email.delay(member.pk, "en")
            finally:
                logs.request_id.reset(token)
        assert wait_for(lambda: User.objects.get(pk=member.pk).welcome_email_sent_at is not None, 8), (
            mail.log.read_text()
        )
        took = time.monotonic() - queued
        assert took < 8  # three stalled deliveries would hold one shared queue for 30 s
        stuck = WebhookDelivery.objects.filter(state=WebhookDelivery.State.DELIVERED).count()
        assert stuck == 0  # the receiver is still being waited for meanwhile
        lines = [json.loads(line) for line in mail.log.read_text().splitlines() if line.startswith("{")]
        welcome = [line for line in lines if line.get("task_name") == "community.tasks.send_welcome_email"]
        assert welcome, mail.log.read_text()
        assert {line.get("request_id") for line in welcome} == {"req-queue-test-0001"}
        assert all({"time", "level", "logger", "task_id", "task_retries"} <= set(line) for line in welcome)
    finally:
        hooks.kill()
        mail.stop()
        redis.stop()
