"""The moderators' queue: held and reported content of every kind in one list,
oldest first, and how long decisions take."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median, quantiles

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Model, OuterRef, Q
from django.utils import timezone

from community.models import Flag, ModerationState
from community.moderation import services as moderation

SHOWN = 200  # per kind: a queue longer than this is worked through from the oldest


@dataclass(frozen=True)
class QueueItem:
    kind: moderation.Kind
    obj: Model
    waiting_since: datetime
    open_flags: int

    @property
    def label(self) -> str:
        return str(self.kind.model._meta.verbose_name)

    @property
    def key(self) -> str:
        return f"{self.kind.model._meta.label_lower}:{self.obj.pk}"

    @property
    def waiting(self) -> timedelta:
        return timezone.now() - self.waiting_since

    @property
    def rule(self) -> str:
        return str(moderation.RULES.get(self.obj.moderation_rule, ""))


def _waiting(kind: moderation.Kind):
    """Pending posts of one kind, and published ones with open reports, with their report counts."""
    content_type = ContentType.objects.get_for_model(kind.model)
    reports = Flag.objects.filter(content_type=content_type, object_id=OuterRef("pk"), resolved_at__isnull=True)
    return (
        kind.model.objects.annotate(reported=Exists(reports))
        .filter(Q(moderation_state=ModerationState.PENDING) | Q(reported=True))
        .select_related("author")
    )


def queue(kind: str = "", rule: str = "", older_than: timedelta | None = None) -> list[QueueItem]:
    """What waits for a moderator, oldest first; kind is a model label such as "ideas.comment"."""
    items = []
    for registered in moderation.kinds():
        if kind and registered.model._meta.label_lower != kind:
            continue
        rows = _waiting(registered)
        if rule:
            rows = rows.filter(moderation_rule=rule)
        if older_than:
            rows = rows.filter(created_at__lte=timezone.now() - older_than)
        rows = list(rows.order_by("created_at", "pk")[:SHOWN])
        counts = _open_flag_counts(registered, [row.pk for row in rows])
        items += [QueueItem(registered, row, row.created_at, counts.get(row.pk, 0)) for row in rows]
    return sorted(items, key=lambda item: item.waiting_since)


def _open_flag_counts(kind: moderation.Kind, pks: list[int]) -> dict[int, int]:
    content_type = ContentType.objects.get_for_model(kind.model)
    rows = (
        Flag.objects.filter(content_type=content_type, object_id__in=pks, resolved_at__isnull=True)
        .values("object_id")
        .annotate(n=Count("pk"))
    )
    return {row["object_id"]: row["n"] for row in rows}


def waiting_count() -> int:
    """How many items wait, for the menu's badge."""
    return sum(_waiting(kind).count() for kind in moderation.kinds())


def oldest_waiting() -> datetime | None:
    """Since when the item that waits longest has waited."""
    firsts = []
    for kind in moderation.kinds():
        first = _waiting(kind).order_by("created_at").values_list("created_at", flat=True).first()
        if first is not None:
            firsts.append(first)
    return min(firsts, default=None)


def find(kind: str, pk: int) -> Model | None:
    for registered in moderation.kinds():
        if registered.model._meta.label_lower == kind:
            return registered.model.objects.select_related("author").filter(pk=pk).first()
    return None


@dataclass(frozen=True)
class ResponseTimes:
    days: int
    decisions: int
    median: timedelta | None
    p90: timedelta | None


def response_times(days: int) -> ResponseTimes:
    """How long posts waited for a decision, over the decisions of the last `days` days."""
    since = timezone.now() - timedelta(days=days)
    waits = []
    for kind in moderation.kinds():
        rows = kind.model.objects.filter(moderated_at__gte=since).values_list("created_at", "moderated_at")
        waits += [(decided - posted).total_seconds() for posted, decided in rows]
    if not waits:
        return ResponseTimes(days, 0, None, None)
    p90 = quantiles(waits, n=10)[-1] if len(waits) > 1 else waits[0]
    return ResponseTimes(days, len(waits), timedelta(seconds=median(waits)), timedelta(seconds=p90))
