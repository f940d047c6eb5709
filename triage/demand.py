"""Demand as product managers read it: how much, and whose, each idea's votes are.

Four figures, from the votes and what is known about their voters:

- votes: how many members voted;
- verified: how many of them are recorded owners of the idea's product;
- weighted demand and value demand, as kept on each idea (ideas/demand.py).

A scope narrows every figure to one segment's votes and/or verified owners' votes;
scoped figures and the verified count are computed when asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from community.models import Segment
from ideas.demand import MONEY, ZERO, capped_value, per_idea_total, value_cap, weight_sum
from ideas.models import Idea, SegmentDemand, Vote
from reviews.models import ProductOwnership


@dataclass(frozen=True)
class Scope:
    """Whose votes count: everyone's, one segment's, verified owners' only."""

    segment: Segment | None = None
    verified_only: bool = False


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


def annotate(ideas: QuerySet, scope: Scope = Scope()) -> QuerySet:
    """Adds demand_votes, demand_verified, demand_weighted and demand_value to each idea:
    the kept columns when every vote counts, else small subqueries over the votes in scope."""
    verified = per_idea_total(_votes(scope).filter(_is_verified()), Count("pk"), Value(0))
    if scope == Scope():
        return ideas.annotate(
            demand_votes=F("vote_count"),
            demand_verified=verified,
            demand_weighted=F("weighted_demand"),
            demand_value=F("value_demand"),
        )
    if _segment_only(scope):
        kept = SegmentDemand.objects.filter(idea=OuterRef("pk"), segment=scope.segment)
        votes_kept = Coalesce(Subquery(kept.values("votes")[:1]), Value(0))
        return ideas.annotate(
            demand_votes=votes_kept,
            demand_verified=verified,
            demand_weighted=ExpressionWrapper(votes_kept * _weight(scope), output_field=MONEY),
            demand_value=Coalesce(Subquery(kept.values("value")[:1]), ZERO, output_field=MONEY),
        )
    votes = _votes(scope)
    return ideas.annotate(
        demand_votes=per_idea_total(votes, Count("pk"), Value(0)),
        demand_verified=verified,
        demand_weighted=per_idea_total(votes, weight_sum(), ZERO),
        demand_value=per_idea_total(votes, Sum(capped_value(value_cap())), ZERO),
    )


def _segment_only(scope: Scope) -> bool:
    """One segment's votes, owners or not: kept per idea in SegmentDemand."""
    return scope.segment is not None and not scope.verified_only


def _weight(scope: Scope) -> Value:
    return Value(scope.segment.weight if scope.segment is not None else Decimal("1"), output_field=MONEY)


def ranking(ideas: QuerySet, scope: Scope, order: tuple[str, ...]) -> QuerySet:
    """(idea, votes, weighted, value) of the ideas with votes in scope, sorted by `order`.
    One segment's figures are kept (SegmentDemand), so the first page is an index scan
    however many votes there are: within one segment the weighted demand is the votes
    times one weight, and sorts as the votes do. Otherwise one grouped query over the
    votes in scope: far cheaper than a subquery per idea."""
    if _segment_only(scope):
        kept = SegmentDemand.objects.filter(segment=scope.segment, votes__gt=0, idea__in=ideas.values("pk"))
        rows = kept.values("idea", "votes", "value").annotate(
            weighted=ExpressionWrapper(F("votes") * _weight(scope), output_field=MONEY)
        )
        by_index = {"-weighted": "-votes", "-idea": "-idea_id"}  # the same order, as the indexes have it
        return rows.order_by(*(by_index.get(key, key) for key in order))
    votes = Vote.objects.filter(idea__in=ideas.values("pk"))
    if scope.segment is not None:
        votes = votes.filter(member__segment=scope.segment)
    if scope.verified_only:
        votes = votes.filter(_is_verified())
    return (
        votes.order_by()
        .values("idea")
        .annotate(votes=Count("pk"), weighted=weight_sum(), value=Sum(capped_value(value_cap())))
        .order_by(*order)
    )


def with_votes_in(ideas: QuerySet, scope: Scope) -> QuerySet:
    """Only ideas with at least one vote in scope (a segment filter means "what this segment asks for")."""
    if scope.segment is None and not scope.verified_only:
        return ideas
    if _segment_only(scope):
        return ideas.filter(
            Exists(SegmentDemand.objects.filter(idea=OuterRef("pk"), segment=scope.segment, votes__gt=0))
        )
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
            value=Sum(capped_value(cap)),
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
