"""The community's own webhook filter: the segment of the member an event is about."""

from __future__ import annotations

from community.models import Segment
from community.webhooks import services as webhooks


def segment_of(data: dict) -> object:
    if "segment" not in data:
        return webhooks.NOT_APPLICABLE
    return (data["segment"] or {}).get("id")


def segment_choices() -> list[tuple[int | str, str]]:
    return [(segment.pk, segment.name) for segment in Segment.objects.order_by("name")]
