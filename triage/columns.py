"""The triage board's columns: which a product manager can show, and which they chose.

The choice is kept in the session, so the board stays as they left it; the idea's
title always comes first."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

COLUMNS = {
    "status": gettext_lazy("Status"),
    "product": gettext_lazy("Product"),
    "votes": gettext_lazy("Votes"),
    "verified": gettext_lazy("Verified owners"),
    "weighted": gettext_lazy("Weighted votes"),
    "value": gettext_lazy("Customer value"),
    "trend": gettext_lazy("Trend"),
    "rice": gettext_lazy("RICE score"),
    "owner": gettext_lazy("Owner"),
    "evaluator": gettext_lazy("Evaluator"),
    "answered": gettext_lazy("Answered"),
    "age": gettext_lazy("Age"),
}
DEFAULT = ("status", "votes", "weighted", "value", "trend", "age")
SESSION_KEY = "triage_columns"


def chosen(request: HttpRequest) -> list[str]:
    """The columns to show: those just chosen (?columns=…, remembered), else those
    remembered, else the default; unknown names are dropped."""
    if request.GET.get("choose_columns"):
        wanted = [key for key in request.GET.getlist("columns") if key in COLUMNS]
        request.session[SESSION_KEY] = wanted
        return wanted
    remembered = request.session.get(SESSION_KEY)
    if isinstance(remembered, list):
        return [key for key in remembered if key in COLUMNS]
    return list(DEFAULT)
