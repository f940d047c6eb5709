"""Health endpoints for load balancers and orchestrators.

/healthz says the process answers, and touches nothing else. /readyz reports each
dependency with its own status and answers 503 only when the site cannot serve,
which is when the database is down. The others degrade it: without the cache's Redis
pages are rendered from the database (community.cache); without the broker writes
wait in the outbox (community.outbox), whose backlog is reported too; without the
search cluster the database answers searches.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community import outbox
from community.cache import ResilientRedisCache

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker() -> None:
    from config.celery import app

    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)


def _check_cache() -> None:
    caches["default"].ping()  # only configured for Redis (configured_checks)


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
# Without these the site cannot serve at all.
CRITICAL = {"database"}
# Entries older than this mean the broker or the workers have been away for a while.
OUTBOX_LATE_SECONDS = 120


def configured_checks() -> dict:
    """The checks that apply to this configuration, by name."""
    wanted = {
        "database": True,
        "cache": isinstance(caches["default"], ResilientRedisCache),
        "broker": settings.CELERY_BROKER_URL != settings.NO_BROKER,
    }
    return {name: check for name, check in CHECKS.items() if wanted[name]}


def _outbox() -> dict:
    found = outbox.backlog()
    return {"status": "late" if found["oldest_seconds"] > OUTBOX_LATE_SECONDS else "up", **found}


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    results = {}
    for name, check in configured_checks().items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # noqa: BLE001 (any failure means "not ready"; the log keeps the detail)
            logger.warning("readiness check %s failed: %s", name, error)
            results[name] = {"status": "down", "error": type(error).__name__}
        else:
            results[name] = {"status": "up", "ms": round((time.monotonic() - started) * 1000, 1)}
    ready = all(results[name]["status"] == "up" for name in CRITICAL)
    if ready:
        results["outbox"] = _outbox()
    if settings.ELASTICSEARCH_URL:
        from search import interface

        results["search"] = interface.health()
    degraded = any(result["status"] != "up" for result in results.values())
    status = "unavailable" if not ready else "degraded" if degraded else "ready"
    return JsonResponse({"status": status, "checks": results}, status=200 if ready else 503)
