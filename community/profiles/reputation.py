"""Points and badges for useful activity: an idea that gets planned, reviews others
find helpful, comments accepted as the answer.

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

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Reason = ReputationEvent.Reason

POINTS = {Reason.IDEA_PLANNED: 10, Reason.REVIEW_HELPFUL: 2, Reason.ANSWER_ACCEPTED: 15}


def award(member_id: int, reason: str, key: str) -> bool:
    """Gives the reason's points once per key; returns whether this call gave them."""
    points = POINTS[ReputationEvent.Reason(reason)]
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
        ReputationEvent(member_id=member_id, reason=reason, points=POINTS[ReputationEvent.Reason(reason)], key=key)
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


BADGES = [
    Badge(
        "idea_maker",
        _("Idea maker"),
        _("An idea of theirs was planned by the product team."),
        lambda awards, total: awards.get(Reason.IDEA_PLANNED, 0) >= 1,
    ),
    Badge(
        "helpful_reviewer",
        _("Helpful reviewer"),
        _("Members found their reviews helpful five times."),
        lambda awards, total: awards.get(Reason.REVIEW_HELPFUL, 0) >= 5,
    ),
    Badge(
        "problem_solver",
        _("Problem solver"),
        _("A comment of theirs was accepted as the answer."),
        lambda awards, total: awards.get(Reason.ANSWER_ACCEPTED, 0) >= 1,
    ),
    Badge(
        "trusted_voice",
        _("Trusted voice"),
        _("100 reputation points for helping others."),
        lambda awards, total: total >= 100,
    ),
]


def badges_of(member: User) -> list[Badge]:
    awards = dict(
        ReputationEvent.objects.filter(member=member).values_list("reason").annotate(count=Count("pk")).order_by()
    )
    return [badge for badge in BADGES if badge.earned(awards, member.reputation)]
