"""Demand: how much, and whose, each idea's votes are ("Differentiate").

Four figures, from the votes and what is known about their voters:

- votes: how many members voted;
- verified: how many of them are recorded owners of the idea's product;
- weighted demand: each vote counts its voter's segment weight (1 without a segment);
- value demand: each vote counts its voter's customer value, up to the cap in
  DemandSettings, so that one large account cannot decide alone.

A scope narrows every figure to one segment's votes and/or verified owners' votes.

Over all votes, weighted and value demand are kept on each idea (sortable by index):
each vote adds or takes back its voter's share, and a task recomputes them from the
votes after a segment weight, the cap or a member's segment or value changes. Scoped figures and the verified count are
computed when asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext as _

from community.models import Segment, User
from ideas.models import DemandSettings, Idea, Vote
from reviews.models import ProductOwnership

MONEY = DecimalField(max_digits=20, decimal_places=2)
ONE = Value(Decimal("1.00"), output_field=MONEY)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


@dataclass(frozen=True)
class Scope:
    """Whose votes count: everyone's, one segment's, verified owners' only."""

    segment: Segment | None = None
    verified_only: bool = False


def value_cap() -> Decimal | None:
    return DemandSettings.load().value_cap


def _is_verified(member_ref: str = "member", product_ref: str = "idea__product"):
    return Exists(ProductOwnership.objects.filter(member=OuterRef(member_ref), product=OuterRef(product_ref)))


def _votes(scope: Scope) -> QuerySet:
    """The votes of the outer idea in scope."""
    votes = Vote.objects.filter(idea=OuterRef("pk"))
    if scope.segment is not None:
        votes = votes.filter(member__segment=scope.segment)
    if scope.verified_only:
        votes = votes.filter(_is_verified())
    return votes


def _capped_value(cap: Decimal | None, member: str | None = "member"):
    value = Coalesce(f"{member}__customer_value" if member else "customer_value", ZERO, output_field=MONEY)
    return Least(value, Value(cap, output_field=MONEY), output_field=MONEY) if cap is not None else value


def _total(votes: QuerySet, aggregate, zero) -> Coalesce:
    per_idea = votes.order_by().values("idea").annotate(total=aggregate).values("total")
    return Coalesce(Subquery(per_idea), zero)


def _weight(member: str = "member"):
    return Sum(Coalesce(f"{member}__segment__weight", ONE, output_field=MONEY))


def annotate(ideas: QuerySet, scope: Scope = Scope()) -> QuerySet:
    """Adds demand_votes, demand_verified, demand_weighted and demand_value to each idea:
    the kept columns when every vote counts, else small subqueries over the votes in scope."""
    verified = _total(_votes(scope).filter(_is_verified()), Count("pk"), Value(0))
    if scope == Scope():
        return ideas.annotate(
            demand_votes=F("vote_count"),
            demand_verified=verified,
            demand_weighted=F("weighted_demand"),
            demand_value=F("value_demand"),
        )
    votes = _votes(scope)
    return ideas.annotate(
        demand_votes=_total(votes, Count("pk"), Value(0)),
        demand_verified=verified,
        demand_weighted=_total(votes, _weight(), ZERO),
        demand_value=_total(votes, Sum(_capped_value(value_cap())), ZERO),
    )


def ranking(ideas: QuerySet, scope: Scope) -> QuerySet:
    """(idea, votes, weighted, value) of the ideas with votes in scope, in one grouped
    query over those votes: sorting a scoped list by demand needs every idea's figure,
    and one aggregate is far cheaper than a subquery per idea."""
    votes = Vote.objects.filter(idea__in=ideas.values("pk"))
    if scope.segment is not None:
        votes = votes.filter(member__segment=scope.segment)
    if scope.verified_only:
        votes = votes.filter(_is_verified())
    return (
        votes.order_by()
        .values("idea")
        .annotate(votes=Count("pk"), weighted=_weight(), value=Sum(_capped_value(value_cap())))
    )


# --- Keeping the columns ------------------------------------------------------------------

REFRESH_BATCH = 1_000


def refresh(ideas: QuerySet) -> int:
    """Recomputes weighted_demand and value_demand of these ideas from their votes.
    The rows are locked first, so the UPDATE's snapshot holds every vote committed
    before it: a vote cast meanwhile waits, then adds to the fresh figure."""
    votes = Vote.objects.filter(idea=OuterRef("pk"))
    with transaction.atomic():
        ids = list(ideas.select_for_update().order_by("pk").values_list("pk", flat=True))
        return Idea.objects.filter(pk__in=ids).update(
            weighted_demand=_total(votes, _weight(), ZERO),
            value_demand=_total(votes, Sum(_capped_value(value_cap())), ZERO),
        )


def one_vote(member_id: int, sign: int) -> dict:
    """The kept columns' change for one vote cast (+1) or withdrawn (-1), as UPDATE
    expressions: the voter's weight and capped value now. Call with the idea's row
    locked; the columns stay exact because a change of weights, values or the cap
    recomputes them (refresh), and a vote is cheap however many the idea has."""
    voter = User.objects.filter(pk=member_id).order_by()
    weight = voter.values(weight=Coalesce("segment__weight", ONE, output_field=MONEY))[:1]
    value = voter.annotate(capped=_capped_value(value_cap(), member=None)).values("capped")[:1]
    weight, value = Subquery(weight, output_field=MONEY), Subquery(value, output_field=MONEY)
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


def with_votes_in(ideas: QuerySet, scope: Scope) -> QuerySet:
    """Only ideas with at least one vote in scope (a segment filter means "what this segment asks for")."""
    if scope.segment is None and not scope.verified_only:
        return ideas
    return ideas.filter(Exists(_votes(scope)))


@dataclass
class SegmentRow:
    """One line of "why it ranks here"."""

    name: str
    weight: Decimal
    votes: int = 0
    verified: int = 0
    value: Decimal = Decimal("0")  # after the cap
    value_uncapped: Decimal = Decimal("0")
    capped_members: int = 0

    @property
    def weighted(self) -> Decimal:
        return self.weight * self.votes


@dataclass
class Breakdown:
    rows: list[SegmentRow] = field(default_factory=list)
    cap: Decimal | None = None

    @property
    def votes(self) -> int:
        return sum(row.votes for row in self.rows)

    @property
    def verified(self) -> int:
        return sum(row.verified for row in self.rows)

    @property
    def weighted(self) -> Decimal:
        return sum((row.weighted for row in self.rows), Decimal("0"))

    @property
    def value(self) -> Decimal:
        return sum((row.value for row in self.rows), Decimal("0"))

    @property
    def capped_members(self) -> int:
        return sum(row.capped_members for row in self.rows)


def breakdown(idea: Idea, scope: Scope = Scope()) -> Breakdown:
    """The idea's demand per segment, with the weight and the cap applied: the
    figures of annotate(), explained. Segments without votes are left out."""
    cap = value_cap()
    votes = Vote.objects.filter(idea=idea)
    if scope.segment is not None:
        votes = votes.filter(member__segment=scope.segment)
    if scope.verified_only:
        votes = votes.filter(_is_verified())
    grouped = (
        votes.order_by()
        .values("member__segment")
        .annotate(
            n=Count("pk"),
            verified=Count("pk", filter=_verified_q(idea)),
            value=Sum(_capped_value(cap)),
            uncapped=Sum(Coalesce("member__customer_value", ZERO, output_field=MONEY)),
            capped=Count("pk", filter=_over_cap_q(cap)),
        )
    )
    segments = {segment.pk: segment for segment in Segment.objects.all()}
    rows = []
    for line in grouped:
        segment = segments.get(line["member__segment"])
        rows.append(
            SegmentRow(
                name=segment.name if segment else _("No segment"),
                weight=segment.weight if segment else Decimal("1"),
                votes=line["n"],
                verified=line["verified"],
                value=line["value"] or Decimal("0"),
                value_uncapped=line["uncapped"] or Decimal("0"),
                capped_members=line["capped"],
            )
        )
    rows.sort(key=lambda row: (-row.weighted, row.name))
    return Breakdown(rows=rows, cap=cap)


def _verified_q(idea: Idea):
    if idea.product_id is None:
        return Q(pk__in=[])
    owners = ProductOwnership.objects.filter(product_id=idea.product_id).values("member_id")
    return Q(member_id__in=owners)


def _over_cap_q(cap: Decimal | None):
    return Q(member__customer_value__gt=cap) if cap is not None else Q(pk__in=[])


def drift(ideas: QuerySet) -> list[tuple[int, str, Decimal, Decimal]]:
    """(idea id, column, stored, actual) wherever a kept figure disagrees with the votes."""
    votes = Vote.objects.filter(idea=OuterRef("pk"))
    rows = (
        ideas.order_by()
        .annotate(
            actual_weighted=_total(votes, _weight(), ZERO),
            actual_value=_total(votes, Sum(_capped_value(value_cap())), ZERO),
        )
        .values("pk", "weighted_demand", "value_demand", "actual_weighted", "actual_value")
    )
    wrong = []
    for row in rows.iterator(chunk_size=5_000):
        for column, actual in (("weighted_demand", "actual_weighted"), ("value_demand", "actual_value")):
            if row[column] != row[actual]:
                wrong.append((row["pk"], column, row[column], row[actual]))
    return wrong


def _members_changed(member_ids: list[int]) -> None:
    from ideas import tasks

    tasks.refresh_demand_for_members.delay_on_commit(member_ids)


def _weights_changed(sender, instance, created=False, **kwargs) -> None:
    """A segment's weight or the cap changed, or a segment went: every idea again."""
    from ideas import tasks

    if not created:  # a new segment has no members yet
        tasks.refresh_all_demand.delay_on_commit()


def register() -> None:
    from django.db.models.signals import post_delete, post_save

    from community import segments

    segments.on_customer_data_changed(_members_changed)
    post_save.connect(_weights_changed, sender=Segment, dispatch_uid="ideas.demand.segment_saved")
    post_delete.connect(_weights_changed, sender=Segment, dispatch_uid="ideas.demand.segment_deleted")
    post_save.connect(_weights_changed, sender=DemandSettings, dispatch_uid="ideas.demand.settings_saved")
