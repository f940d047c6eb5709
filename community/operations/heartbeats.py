"""Signs of life of the Celery workers and of beat, kept in the database (which
/readyz needs anyway) so that any web node can tell whether they still run.

Each worker writes "worker:<hostname>" with the queues it consumes every
HEARTBEAT_SECONDS from its own timer; beat writes "beat" from its scheduler's tick.
A worker or beat not seen for HEARTBEAT_LATE_SECONDS is reported down.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from celery import bootsteps
from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import connection
from django.utils import timezone

from community.models import Heartbeat

logger = logging.getLogger(__name__)
BEAT = "beat"


def record(name: str, queues: list[str] | None = None) -> None:
    """One heartbeat; a database that does not answer is logged, never raised into
    the worker's or beat's loop."""
    try:
        Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now(), "queues": queues or []})
    except Exception:
        logger.warning("Could not record the heartbeat of %s", name, exc_info=True)
        connection.close()  # a connection the database dropped is opened afresh next time


def report() -> dict:
    """Workers and beat as /readyz and the metrics show them."""
    now = timezone.now()
    late = timedelta(seconds=settings.HEARTBEAT_LATE_SECONDS)
    workers, beat = [], None
    for heartbeat in Heartbeat.objects.order_by("name"):
        age = round((now - heartbeat.seen_at).total_seconds(), 1)
        entry = {"name": heartbeat.name, "seconds_ago": age, "alive": now - heartbeat.seen_at <= late}
        if heartbeat.name == BEAT:
            beat = entry
        else:
            workers.append({**entry, "queues": heartbeat.queues})
    served = {queue for worker in workers if worker["alive"] for queue in worker["queues"]}
    unserved = sorted(set(settings.CELERY_QUEUE_NAMES) - served)
    return {
        "workers": {
            "status": "up" if not unserved else "down",
            "alive": [worker["name"] for worker in workers if worker["alive"]],
            "queues_without_worker": unserved,
            "seen": workers,
        },
        "beat": {
            "status": "up" if beat is not None and beat["alive"] else "down",
            "seconds_ago": beat["seconds_ago"] if beat else None,
        },
    }


def forget_old() -> int:
    """Workers that were replaced (containers get new host names) stop being listed a
    day after their last heartbeat."""
    deleted, _ = Heartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).exclude(name=BEAT).delete()
    return deleted


class WorkerHeartbeat(bootsteps.StartStopStep):
    """A worker bootstep (config.celery): its timer writes the heartbeat."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None

    def start(self, worker) -> None:
        queues = sorted(worker.app.amqp.queues.consume_from or worker.app.amqp.queues)
        name = f"worker:{worker.hostname}"
        record(name, queues)
        self.timer_ref = worker.timer.call_repeatedly(settings.HEARTBEAT_SECONDS, record, (name, queues))

    def stop(self, worker) -> None:
        if self.timer_ref is not None:
            self.timer_ref.cancel()


class RecordingScheduler(PersistentScheduler):
    """Celery's own scheduler, which also says on every tick that beat is alive."""

    _last_recorded = 0.0

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if now - self._last_recorded >= settings.HEARTBEAT_SECONDS:
            self._last_recorded = now
            record(BEAT)
        return min(super().tick(*args, **kwargs), settings.HEARTBEAT_SECONDS)
