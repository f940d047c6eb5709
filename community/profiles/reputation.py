"""Points and badges for useful activity. The apps say what earns points and badges
(REASONS and BADGES, from their extensions modules: ideas an idea that gets planned
and an accepted answer, reviews a review others find helpful); the community layer
has one badge of its own, for the total.

Each award is a ReputationEvent with a unique key, and the member's total moves in
the same transaction, so awarding twice (a retried task, two workers) changes
nothing and the total always equals the sum of the events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from community.models import ReputationEvent, User
from community.plugins import Point

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Reason(str):
    """What an award is for ("idea_planned"), a string like any other (it is what is
    stored), that knows its label and its points."""

    label: StrOrPromise
    points: int

    def __new__(cls, key: str, label: StrOrPromise, points: int) -> Reason:
        reason = super().__new__(cls, key)
        reason.label, reason.points = label, points
        return reason

    @property
    def key(self) -> str:
        return str.__str__(self)


REASONS: Point[Reason] = Point("reputation reasons", Reason)


def _points(key: str) -> int:
    for reason in REASONS:
        if reason == key:
            return reason.points
    raise KeyError(key)


def choices() -> list[tuple[str, StrOrPromise]]:
    """For ReputationEvent.reason (a callable, so that apps may add reasons)."""
    return [(reason.key, reason.label) for reason in REASONS]


def award(member_id: int, reason: str, key: str) -> bool:
    """Gives the reason's points once per key; returns whether this call gave them."""
    points = _points(reason)
    try:
        with transaction.atomic():
            ReputationEvent.objects.create(member_id=member_id, reason=reason, points=points, key=key)
            User.objects.filter(pk=member_id).update(reputation=F("reputation") + points)
    except IntegrityError:
        return False
    return True


def revoke(key: str) -> bool:
    """Takes an award back (a helpful mark withdrawn); returns whether there was one."""
    with transaction.atomic():
        event = ReputationEvent.objects.select_for_update().filter(key=key).first()
        if event is None:
            return False
        User.objects.filter(pk=event.member_id).update(reputation=F("reputation") - event.points)
        event.delete()
    return True


def award_many(awards: Iterable[tuple[int, str, str]]) -> int:
    """(member id, reason, key) awards in bulk, for generated data: each key once, then
    the totals of the members concerned are recounted from their events."""
    rows = [
        ReputationEvent(member_id=member_id, reason=reason, points=_points(reason), key=key)
        for member_id, reason, key in awards
    ]
    ReputationEvent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2_000)
    recount({row.member_id for row in rows})
    return len(rows)


def recount(member_ids: Iterable[int]) -> None:
    """Sets each member's total to the sum of their events (a repair, and for bulk awards)."""
    total = (
        ReputationEvent.objects.filter(member=OuterRef("pk")).values("member").annotate(sum=Sum("points")).values("sum")
    )
    ids = sorted(member_ids)
    for start in range(0, len(ids), 500):
        User.objects.filter(pk__in=ids[start : start + 500]).update(reputation=Coalesce(Subquery(total), 0))


@dataclass(frozen=True)
class Badge:
    key: str
    label: StrOrPromise
    description: StrOrPromise
    earned: Callable[[dict[str, int], int], bool]  # (awards by reason, reputation) -> earned?
    position: int = 100  # where it stands on the profile


BADGES: Point[Badge] = Point("badges", Badge)
TRUSTED_VOICE = Badge(
    "trusted_voice",
    _("Trusted voice"),
    _("100 reputation points for helping others."),
    lambda awards, total: total >= 100,
    position=90,
)


def badges_of(member: User) -> list[Badge]:
    awards = dict(
        ReputationEvent.objects.filter(member=member).values_list("reason").annotate(count=Count("pk")).order_by()
    )
    return [
        badge for badge in sorted(BADGES, key=lambda badge: badge.position) if badge.earned(awards, member.reputation)
    ]
