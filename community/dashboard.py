"""The admin dashboard's "Waiting for you" panel: what staff should act on now.

The community layer knows its moderation queue; the apps above it know their own work
(ideas without an answer, evaluations asked of this person). Each gives a function to
WAITING from its extensions module; it returns one line for this request, or None when
it has nothing for this person (no permission, or nothing waits)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest
from wagtail.admin.ui.components import Component

from community.plugins import Point


@dataclass(frozen=True)
class Waiting:
    label: str  # what waits, with its count in words ("8 posts wait for a moderator")
    count: int
    url: str  # where the work is done
    oldest: datetime | None = None  # since when the oldest of them waits
    order: int = 100


WAITING: Point[Callable[[HttpRequest], Waiting | None]] = Point("dashboard waiting", Callable)


def waiting_for(request: HttpRequest) -> list[Waiting]:
    lines = [line for source in WAITING if (line := source(request)) is not None]
    return sorted(lines, key=lambda line: line.order)


class WaitingPanel(Component):
    """First on the dashboard: each kind of work with its count, a link to it and its age."""

    name = "waiting"
    order = 10
    template_name = "community/admin/waiting_panel.html"

    def __init__(self, lines: list[Waiting]) -> None:
        self.lines = lines

    def get_context_data(self, parent_context):
        return {"lines": self.lines, "total": sum(line.count for line in self.lines)}
