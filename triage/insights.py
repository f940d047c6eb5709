"""The figures of the insights dashboard: what comes in, how fast the team answers,
how far ideas get, what each segment wants, how products are rated, and whether
what shipped solved the problem. Each function is a few aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median, quantiles

from django.db.models import Avg, Count, Min, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import ModerationState, Segment
from ideas import shipped
from ideas.models import Idea, StatusChange, Vote
from ideas.workflow import Stage
from reviews.models import ProductPage, Review

WEEKS = 12
MONTHS = 6
RESPONSE_WINDOW = timedelta(days=90)


def _published_ideas():
    return Idea.objects.filter(moderation_state=ModerationState.PUBLISHED)


def ideas_per_week(weeks: int = WEEKS, now: datetime | None = None) -> list[tuple[date, int]]:
    """(Monday, ideas received that week), oldest first, with empty weeks as 0."""
    now = now or timezone.now()
    this_monday = timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    counted = (
        _published_ideas()
        .filter(created_at__date__gte=first)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("pk"))
    )
    by_week = {_as_date(row["week"]): row["n"] for row in counted}
    return [(first + timedelta(weeks=n), by_week.get(first + timedelta(weeks=n), 0)) for n in range(weeks)]


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class ResponseTimes:
    ideas: int  # ideas posted in the window
    answered: int
    median: timedelta | None
    p90: timedelta | None


def first_response_times(window: timedelta = RESPONSE_WINDOW) -> ResponseTimes:
    """How long ideas of the window waited for the team's first official answer or
    status change (ideas still waiting are counted, not timed)."""
    since = timezone.now() - window
    ideas = _published_ideas().filter(created_at__gte=since, merged_into__isnull=True)
    answers = ideas.annotate(
        first_answer=Min("comments__created_at", filter=Q(comments__is_official=True)),
    ).values_list("pk", "created_at", "first_answer")
    first_changes = dict(
        StatusChange.objects.filter(idea__in=ideas)
        .values("idea")
        .annotate(first=Min("created_at"))
        .values_list("idea", "first")
    )
    waits, total = [], 0
    for pk, posted, answered_at in answers:
        total += 1
        moments = [moment for moment in (answered_at, first_changes.get(pk)) if moment is not None]
        if moments:
            waits.append(max((min(moments) - posted).total_seconds(), 0))
    if not waits:
        return ResponseTimes(total, 0, None, None)
    p90 = quantiles(waits, n=10, method="inclusive")[-1] if len(waits) > 1 else waits[0]
    return ResponseTimes(total, len(waits), timedelta(seconds=median(waits)), timedelta(seconds=p90))


FUNNEL = [Stage.UNDER_REVIEW, Stage.PLANNED, Stage.IN_PROGRESS, Stage.DONE]


def status_funnel() -> list[tuple[str, int]]:
    """How many ideas were received, and how many ever reached each stage (or were declined)."""
    ideas = _published_ideas().exclude(status__stage=Stage.MERGED)
    changes = StatusChange.objects.filter(idea__in=ideas)

    def reached(stages) -> int:
        return changes.filter(to_status__stage__in=stages).values("idea").distinct().count()

    # An idea that went straight to "planned" has passed review too: later stages count for earlier ones.
    rows: list[tuple[str, int]] = [(_("Received"), ideas.count())]
    rows += [(str(Stage(stage).label), reached(FUNNEL[FUNNEL.index(stage) :])) for stage in FUNNEL]
    rows.append((str(Stage.CLOSED.label), reached([Stage.CLOSED])))
    return rows


@dataclass(frozen=True)
class SegmentTop:
    segment: Segment
    ideas: list[tuple[Idea, int]]


def top_ideas_per_segment(per_segment: int = 5) -> list[SegmentTop]:
    """Each segment's most-voted open ideas, by that segment's votes."""
    result = []
    for segment in Segment.objects.all():
        rows = (
            Vote.objects.filter(
                member__segment=segment,
                idea__merged_into__isnull=True,
                idea__moderation_state=ModerationState.PUBLISHED,
            )
            .values("idea")
            .annotate(n=Count("pk"))
            .order_by("-n", "idea")[:per_segment]
        )
        counts = [(row["idea"], row["n"]) for row in rows]
        ideas = Idea.objects.in_bulk([pk for pk, _n in counts])
        result.append(SegmentTop(segment, [(ideas[pk], n) for pk, n in counts if pk in ideas]))
    return result


@dataclass(frozen=True)
class RatingTrend:
    product: ProductPage
    months: list[tuple[date, float | None, int]]  # (first of month, average, reviews)


def rating_trends(months: int = MONTHS, now: datetime | None = None) -> list[RatingTrend]:
    """Each live product's average rating per month (published reviews written that month)."""
    today = timezone.localdate(now or timezone.now())
    firsts = []
    year, month = today.year, today.month
    for _step in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    rows = (
        Review.objects.filter(moderation_state=ModerationState.PUBLISHED, created_at__date__gte=firsts[0])
        .annotate(month=TruncMonth("created_at"))
        .values("product", "month")
        .annotate(average=Avg("rating"), n=Count("pk"))
    )
    by_product: dict[int, dict[date, tuple[float, int]]] = {}
    for row in rows:
        by_product.setdefault(row["product"], {})[_as_date(row["month"])] = (row["average"], row["n"])
    trends = []
    for product in ProductPage.objects.live().order_by("title"):
        found = by_product.get(product.pk, {})
        trends.append(
            RatingTrend(
                product,
                [
                    (first, round(found[first][0], 2) if first in found else None, found.get(first, (None, 0))[1])
                    for first in firsts
                ],
            )
        )
    return trends


def satisfaction() -> tuple[shipped.Tally, shipped.Tally]:
    """Answers to "did this solve it?": all time, and the last 90 days."""
    recent = shipped.satisfaction(since=timezone.now() - RESPONSE_WINDOW)
    recent.label = _("Last 90 days")
    return shipped.satisfaction(), recent
