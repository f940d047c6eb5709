"""Demand kept on each idea ("Differentiate"): what a vote adds, and keeping it exact.

- weighted demand: each vote counts its voter's segment weight (1 without a segment);
- value demand: each vote counts its voter's customer value, up to the cap in
  DemandSettings, so that one large account cannot decide alone.

Both are kept on each idea (sortable by index), and each segment's votes and value
per idea in SegmentDemand: each vote adds or takes back its voter's share, and a task
recomputes them from the votes after a segment weight, the cap or a member's segment
or value changes. Figures for verified owners only are the triage desk's
(triage/demand.py), computed when asked.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Least

from community import outbox
from community.models import User
from ideas.models import DemandSettings, Idea, SegmentDemand, Vote

MONEY: DecimalField = DecimalField(max_digits=20, decimal_places=2)
ONE = Value(Decimal("1.00"), output_field=MONEY)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def value_cap() -> Decimal | None:
    return DemandSettings.load().value_cap


def capped_value(cap: Decimal | None, member: str | None = "member"):
    value = Coalesce(f"{member}__customer_value" if member else "customer_value", ZERO, output_field=MONEY)
    return Least(value, Value(cap, output_field=MONEY), output_field=MONEY) if cap is not None else value


def per_idea_total(votes: QuerySet, aggregate, zero) -> Coalesce:
    per_idea = votes.order_by().values("idea").annotate(total=aggregate).values("total")
    return Coalesce(Subquery(per_idea), zero)


def weight_sum(member: str = "member"):
    return Sum(Coalesce(f"{member}__segment__weight", ONE, output_field=MONEY))


REFRESH_BATCH = 1_000


def refresh(ideas: QuerySet) -> int:
    """Recomputes weighted_demand and value_demand of these ideas from their votes.
    The rows are locked first, so the UPDATE's snapshot holds every vote committed
    before it: a vote cast meanwhile waits, then adds to the fresh figure."""
    votes = Vote.objects.filter(idea=OuterRef("pk"))
    cap = value_cap()
    with transaction.atomic():
        ids = list(ideas.select_for_update().order_by("pk").values_list("pk", flat=True))
        SegmentDemand.objects.filter(idea_id__in=ids).delete()
        SegmentDemand.objects.bulk_create(
            SegmentDemand(idea_id=row["idea_id"], segment_id=row["segment"], votes=row["n"], value=row["total"])
            for row in segment_totals(Vote.objects.filter(idea_id__in=ids), cap)
        )
        return Idea.objects.filter(pk__in=ids).update(
            weighted_demand=per_idea_total(votes, weight_sum(), ZERO),
            value_demand=per_idea_total(votes, Sum(capped_value(cap)), ZERO),
        )


def segment_totals(votes: QuerySet, cap: Decimal | None):
    """Per idea and voters' segment: how many votes and their capped value."""
    return (
        votes.filter(member__segment__isnull=False)
        .order_by()
        .values("idea_id", segment=F("member__segment_id"))
        .annotate(n=Count("pk"), total=Coalesce(Sum(capped_value(cap)), ZERO, output_field=MONEY))
    )


def move_segment(idea_id: int, member: User, sign: int) -> None:
    """The voter's segment's row for this idea, after one vote cast (+1) or withdrawn
    (-1). Call with the idea's row locked, as vote_changes: every writer of these rows
    locks it first, so looking for the row and then adding it cannot race."""
    if member.segment_id is None:
        return
    voter = User.objects.filter(pk=member.pk).order_by()
    value = Subquery(voter.annotate(capped=capped_value(value_cap(), member=None)).values("capped")[:1])
    rows = SegmentDemand.objects.filter(idea_id=idea_id, segment_id=member.segment_id)
    if sign < 0:  # a member moved to another segment since the vote: the refresh that follows sets it right
        rows = rows.filter(votes__gt=0)
    change = {"votes": F("votes") + sign, "value": F("value") + sign * value}
    if not rows.update(**change) and sign > 0:
        SegmentDemand.objects.create(idea_id=idea_id, segment_id=member.segment_id)
        rows.update(**change)


def vote_changes(member_id: int, sign: int) -> dict:
    """The kept columns' change for one vote cast (+1) or withdrawn (-1), as UPDATE
    expressions: the voter's weight and capped value now. Call with the idea's row
    locked; the columns stay exact because a change of weights, values or the cap
    recomputes them (refresh), and a vote is cheap however many the idea has."""
    voter = User.objects.filter(pk=member_id).order_by()
    weight = Subquery(voter.values(weight=Coalesce("segment__weight", ONE, output_field=MONEY))[:1], output_field=MONEY)
    capped = voter.annotate(capped=capped_value(value_cap(), member=None)).values("capped")[:1]
    value = Subquery(capped, output_field=MONEY)
    if sign > 0:
        return {"weighted_demand": F("weighted_demand") + weight, "value_demand": F("value_demand") + value}
    return {"weighted_demand": F("weighted_demand") - weight, "value_demand": F("value_demand") - value}


def refresh_for_members(member_ids) -> int:
    """After members' segment or customer value changed: the ideas they voted for."""
    return refresh(Idea.objects.filter(pk__in=Vote.objects.filter(member_id__in=member_ids).values("idea_id")))


def refresh_all() -> int:
    """After a segment weight or the cap changed: every idea, a batch per transaction,
    so voters wait for one batch at most."""
    done, last = 0, 0
    while True:
        ids = list(Idea.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:REFRESH_BATCH])
        if not ids:
            return done
        with transaction.atomic():
            done += refresh(Idea.objects.filter(pk__in=ids))
        last = ids[-1]


def drift(ideas: QuerySet) -> list[tuple[int, str, Decimal, Decimal]]:
    """(idea id, column, stored, actual) wherever a kept figure disagrees with the votes."""
    votes = Vote.objects.filter(idea=OuterRef("pk"))
    rows = (
        ideas.order_by()
        .annotate(
            actual_weighted=per_idea_total(votes, weight_sum(), ZERO),
            actual_value=per_idea_total(votes, Sum(capped_value(value_cap())), ZERO),
        )
        .values("pk", "weighted_demand", "value_demand", "actual_weighted", "actual_value")
    )
    wrong = []
    for row in rows.iterator(chunk_size=5_000):
        for column, actual in (("weighted_demand", "actual_weighted"), ("value_demand", "actual_value")):
            if row[column] != row[actual]:
                wrong.append((row["pk"], column, row[column], row[actual]))
    kept = {
        (row.idea_id, row.segment_id): (row.votes, row.value)
        for row in SegmentDemand.objects.filter(idea__in=ideas.values("pk")).exclude(votes=0, value=0)
    }
    counted = {
        (row["idea_id"], row["segment"]): (row["n"], row["total"])
        for row in segment_totals(Vote.objects.filter(idea__in=ideas.values("pk")), value_cap())
    }
    for idea, segment in sorted(kept.keys() | counted.keys()):
        if kept.get((idea, segment)) != counted.get((idea, segment)):
            wrong.append((idea, f"segment {segment}", kept.get((idea, segment)), counted.get((idea, segment))))
    return wrong


def members_changed(member_ids: list[int]) -> None:
    from ideas import tasks

    outbox.enqueue(tasks.refresh_demand_for_members, member_ids)


def weights_changed(sender, instance, created=False, **kwargs) -> None:
    """A segment's weight or the cap changed, or a segment went: every idea again."""
    from ideas import tasks

    if not created:  # a new segment has no members yet
        outbox.enqueue(tasks.refresh_all_demand)
