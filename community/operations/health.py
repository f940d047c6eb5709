"""What /readyz and `manage.py health` report: each dependency with its own status.

The site is "unavailable" (503) only when the database is down, because nothing can be
served without it. Everything else degrades it ("degraded", 200): without the cache's
Redis pages come from the database (community.cache); without the broker, or without
workers for a queue, writes wait in the outbox (community.outbox) and the backlog is
shown; without beat nothing is swept or scheduled; without the storage no export or
upload can be written; without the search cluster the database answers searches.
Apps add checks of their own through the READINESS point.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

from community import outbox
from community.cache import ResilientRedisCache
from community.operations import heartbeats
from community.plugins import Point

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3
# Entries older than this mean the broker or the workers have been away for a while.
OUTBOX_LATE_SECONDS = 120

# Checks apps add: a callable returning (name, result) where result has a "status"
# ("up", "degraded", "down"), or None when it does not apply to this configuration.
READINESS: Point[Callable[[], tuple[str, dict] | None]] = Point("readiness checks", Callable)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker() -> None:
    with current_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)


def _check_cache() -> None:
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)  # noqa: S101 (only configured for Redis: configured_checks)
    cache.ping()


def _check_storage() -> None:
    """Writes, reads and deletes a probe in each storage that uploads and exports use."""
    for alias in storage_aliases():
        storage = storages[alias]
        name = storage.save(f"readiness/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        try:
            with storage.open(name, "rb") as probe:
                if probe.read() != b"ok":
                    raise OSError(f"the {alias} storage returned something else than was written")
        finally:
            storage.delete(name)


def storage_aliases() -> list[str]:
    return [alias for alias in ("default", "exports") if alias in settings.STORAGES]


CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
    "storage": _check_storage,
}
# Without these the site cannot serve at all.
CRITICAL = {"database"}


def configured_checks() -> dict[str, Callable[[], None]]:
    """The checks that apply to this configuration, by name."""
    wanted = {
        "database": True,
        "cache": isinstance(caches["default"], ResilientRedisCache),
        "broker": uses_broker(),
        "storage": True,
    }
    return {name: check for name, check in CHECKS.items() if wanted[name]}


def uses_broker() -> bool:
    return settings.CELERY_BROKER_URL != settings.NO_BROKER


def _outbox() -> dict:
    found = outbox.backlog()
    return {"status": "late" if found["oldest_seconds"] > OUTBOX_LATE_SECONDS else "up", **found}


def collect(only: set[str] | None = None) -> tuple[str, dict[str, dict]]:
    """("ready" | "degraded" | "unavailable", each check's result)."""
    results: dict[str, dict] = {}
    for name, check in configured_checks().items():
        if only and name not in only:
            continue
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # noqa: BLE001 (any failure means "not ready"; the log keeps the detail)
            logger.warning("readiness check %s failed: %s", name, error)
            results[name] = {"status": "down", "error": type(error).__name__}
        else:
            results[name] = {"status": "up", "ms": round((time.monotonic() - started) * 1000, 1)}
    ready = all(results[name]["status"] == "up" for name in CRITICAL if name in results)
    if ready and not only:
        results["outbox"] = _outbox()
        if uses_broker():
            results.update(heartbeats.report())
        for extra in READINESS:
            found = extra()
            if found is not None:
                results[found[0]] = found[1]
    degraded = any(result["status"] != "up" for result in results.values())
    return ("unavailable" if not ready else "degraded" if degraded else "ready"), results
