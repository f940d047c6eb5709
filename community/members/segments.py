"""Setting what the company knows about a customer: segment, value, CRM id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from community.errors import InvalidInput, NotAllowed
from community.models import Segment, User
from community.plugins import Point

PERMISSION = "community.set_customer_data"

# Called with the ids of members whose segment or customer value changed (feature apps
# keep figures that depend on them, e.g. the weighted demand of ideas).
# Told the ids of members whose segment or customer value changed (ideas recomputes demand).
CUSTOMER_DATA_LISTENERS: Point[Callable[[list[int]], None]] = Point("customer data listeners", Callable)


def customer_data_changed(member_ids: Iterable[int]) -> None:
    ids = sorted(set(member_ids))
    if ids:
        for listener in CUSTOMER_DATA_LISTENERS:
            listener(ids)


def set_customer_data(
    member: User, by: User, *, segment: Segment | None, customer_value: Decimal | None, external_id: str | None
) -> User:
    if not by.has_perm(PERMISSION):
        raise NotAllowed()
    external_id = (external_id or "").strip() or None
    errors = {}
    if customer_value is not None and (not customer_value.is_finite() or customer_value < 0):
        errors["customer_value"] = [_("Enter a value of 0 or more.")]
    if external_id and User.objects.filter(external_id=external_id).exclude(pk=member.pk).exists():
        errors["external_id"] = [_("Another member has this CRM id.")]
    if errors:
        raise InvalidInput(**errors)
    changed = member.segment_id != (segment.pk if segment else None) or member.customer_value != customer_value
    member.segment, member.customer_value, member.external_id = segment, customer_value, external_id
    member.save(update_fields=["segment", "customer_value", "external_id"])
    if changed:
        customer_data_changed([member.pk])
    return member
