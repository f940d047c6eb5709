"""Where trackers send their webhooks: /integrations/trackers/<key>/, one address per
connection. Answered at once (202); the work is a task."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.api import problem
from community.errors import InvalidInput
from triage.trackers import services
from triage.trackers.models import TrackerConnection


@csrf_exempt  # signed by the tracker instead; no browser session is involved
@require_POST
def receive(request: HttpRequest, key) -> JsonResponse:
    connection = get_object_or_404(TrackerConnection, webhook_key=key)
    body = request.body
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        return problem(400, "invalid_json", _("The body is not a JSON object."))
    try:
        delivery = services.receive(connection, request.headers, body, payload)
    except services.Refused as error:
        return problem(401, "bad_signature", error.message)
    except InvalidInput as error:
        return problem(400, "invalid_input", _("The webhook cannot be used."), error.details)
    if delivery is None:
        return JsonResponse({"status": "already received"}, status=200)
    return JsonResponse({"status": "accepted", "id": delivery.pk}, status=202)
