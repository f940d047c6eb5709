"""Telling the team's chat when members wait longer for a moderator than the moderation
policy promises (its answer_within_hours): at most once a day, while it lasts."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.models import ModerationPolicy
from community.moderation import queue
from community.webhooks import services as webhooks

OVERDUE = "moderation.overdue"


def check_overdue(now=None) -> bool:
    """Emits moderation.overdue when the oldest waiting post waits past the promise."""
    now = now or timezone.now()
    promise = ModerationPolicy.load().answer_within_hours
    oldest = queue.oldest_waiting()
    if not promise or oldest is None or (now - oldest).total_seconds() < promise * 3600:
        return False
    data = {
        "waiting": queue.waiting_count(),
        "oldest_since": oldest.isoformat(),
        "hours_waited": int((now - oldest).total_seconds() // 3600),
        "promise_hours": promise,
        "url": settings.BASE_URL + reverse("moderation_queue"),
    }
    return webhooks.emit(OVERDUE, f"moderation-overdue:{now.date().isoformat()}", data) > 0


def describe(data: dict) -> webhooks.Summary:
    title = ngettext(
        "%(count)d post waits for a moderator", "%(count)d posts wait for a moderator", data["waiting"]
    ) % {"count": data["waiting"]}
    text = _("The oldest has waited %(hours)d hours; members were promised an answer within %(promise)d.") % {
        "hours": data["hours_waited"],
        "promise": data["promise_hours"],
    }
    return webhooks.Summary(title, text, data["url"])
