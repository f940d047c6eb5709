"""Health endpoints for load balancers and orchestrators.

/healthz says the process answers, and touches nothing else. /readyz reports each
dependency with its own status (community.operations.health) and answers 503 only
when the site cannot serve, which is when the database is down.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community.operations import health


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    status, results = health.collect()
    return JsonResponse({"status": status, "checks": results}, status=503 if status == "unavailable" else 200)
