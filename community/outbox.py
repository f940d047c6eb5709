"""Work a write asks for is kept with the write until the broker has it.

A service that wants a task after its change (announce a comment, index an idea,
deliver a webhook) calls `enqueue`: the task is stored as an OutboxEntry in the
write's own transaction, handed to the broker once the transaction commits, and
removed when the broker has it. While the broker cannot be reached the entry stays,
the write is still answered by what happened to it (stored), and `drain` hands the
entry on later: beat runs it every SWEEP_SECONDS and a worker runs it when it starts.

An entry may reach the broker twice (handed on, then the removal failed), so every
task that goes through here is safe to run twice: notifications are unique per
member and event, emails are claimed, index updates rewrite the same entry.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from community.models import OutboxEntry

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 30
BATCH = 500


def enqueue(task: Task, *args: Any, **kwargs: Any) -> None:
    """Stores the task with the current transaction and queues it once that commits."""
    entry = OutboxEntry.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: hand_on(entry))


def hand_on(entry: OutboxEntry) -> bool:
    """Gives the entry's task to the broker and forgets the entry; True when it went."""
    task = current_app.tasks[entry.task]
    if current_app.conf.task_always_eager:
        # No broker (the embedded defaults): the task runs here, and its errors show.
        task.apply_async(entry.args, entry.kwargs)
    else:
        try:
            task.apply_async(entry.args, entry.kwargs)
        except Exception as error:  # noqa: BLE001 (whatever stopped the publish, the entry stays for the sweep)
            logger.warning("broker unavailable, %s kept in the outbox: %s", entry.task, error)
            OutboxEntry.objects.filter(pk=entry.pk).update(
                attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:300]
            )
            return False
    OutboxEntry.objects.filter(pk=entry.pk).delete()
    return True


def drain(limit: int = BATCH) -> int:
    """Hands on what the broker missed, oldest first, until it fails again; returns
    how many went. Locked rows are skipped, so two sweeps never send the same one."""
    # Younger entries are still being handed on by the request that wrote them.
    settled = timezone.now() - timedelta(seconds=settings.OUTBOX_SETTLE_SECONDS)
    sent = 0
    with transaction.atomic():
        entries = OutboxEntry.objects.select_for_update(skip_locked=True).filter(created_at__lt=settled)
        for entry in entries.order_by("id")[:limit]:
            if not hand_on(entry):
                break
            sent += 1
    return sent


def backlog() -> dict[str, Any]:
    """What waits for the broker, for /readyz and the metrics."""
    found = OutboxEntry.objects.aggregate(waiting=Count("id"), oldest=Min("created_at"))
    oldest = (timezone.now() - found["oldest"]).total_seconds() if found["oldest"] else 0.0
    return {"waiting": found["waiting"], "oldest_seconds": round(oldest, 1)}
