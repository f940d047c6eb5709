"""Customize: a signed-in member's home page starts with what concerns them (updates on
what they follow, their products, ideas in their segment's demand), before the general
lists. Feature apps contribute panels; a panel with nothing in it is not shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from community.models import Notification, User
from community.plugins import Point

PANEL_SIZE = 5


@dataclass(frozen=True)
class Panel:
    key: str
    heading: str
    template: str
    items: list
    more_url: str = ""
    more_label: str = ""


@dataclass(frozen=True)
class HomePanel:
    """Where a panel comes from, and where it stands among the others."""

    provide: Callable[[HttpRequest, User], Panel | None]
    order: int

    @property
    def name(self) -> str:
        return self.provide.__name__


PANELS: Point[HomePanel] = Point("home panels", HomePanel)


def panels_for(request: HttpRequest) -> list[Panel]:
    member = request.user
    if not member.is_authenticated:
        return []
    panels = [source.provide(request, member) for source in sorted(PANELS, key=lambda source: source.order)]
    return [panel for panel in panels if panel is not None and panel.items]


def updates(request: HttpRequest, member: User) -> Panel | None:
    unread = list(Notification.objects.filter(recipient=member, read_at__isnull=True)[:PANEL_SIZE])
    return Panel(
        "updates",
        _("News for you"),
        "community/includes/home_updates.html",
        unread,
        more_url=reverse("notifications"),
        more_label=_("All notifications"),
    )
