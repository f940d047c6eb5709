"""Which sites may show the widget: the origins staff listed on the connected apps."""

from __future__ import annotations

from community.models import ConnectedApp


def allowed() -> set[str]:
    origins: set[str] = set()
    for text in ConnectedApp.objects.filter(is_active=True).values_list("embed_origins", flat=True):
        origins.update(line.strip().rstrip("/") for line in text.splitlines() if line.strip())
    return origins


def checked(origin: str) -> str | None:
    """The origin as given, if a connected app lists it; otherwise None."""
    origin = origin.strip().rstrip("/")
    return origin if origin and origin in allowed() else None
