"""Health endpoints for load balancers and orchestrators.

/healthz says the process answers; /readyz says it can serve: the database answers,
and the broker does too where one is configured. A configured search cluster that
does not answer makes the site "degraded", not unavailable: searches fall back to
the database engine meanwhile.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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


CHECKS = {"database": _check_database, "broker": _check_broker}


def configured_checks() -> dict:
    """The checks that apply to this configuration, by name."""
    wanted = {
        "database": True,
        "broker": settings.CELERY_BROKER_URL != settings.NO_BROKER,
    }
    return {name: check for name, check in CHECKS.items() if wanted[name]}


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
    ready = all(result["status"] == "up" for result in results.values())
    if settings.ELASTICSEARCH_URL:
        from search import interface

        results["search"] = interface.health()
    degraded = results.get("search", {}).get("status", "up") != "up"
    status = "unavailable" if not ready else "degraded" if degraded else "ready"
    return JsonResponse({"status": status, "checks": results}, status=200 if ready else 503)
