"""Triage: product managers decide which ideas the company takes up.

The board's list (filters, sorts, demand figures) and every triage action: priorities
(RICE), owner/evaluator/product, status changes and answers for many ideas at once,
private notes, the external reference. The admin, the API and the export call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.changes import changed
from community.errors import InvalidInput, NotAllowed, ServiceError
from community.members.staff import staff_members
from community.models import Segment, User
from community.rules import clean_text
from community.webhooks import services as webhooks
from ideas import services as idea_services
from ideas import webhook_events
from ideas.models import Comment, Idea, IdeaTag, Status
from ideas.models.ideas import RICE_CONFIDENCE, RICE_IMPACT
from triage import demand
from triage.models import AnswerTemplate, StaffNote

PERMISSION = "ideas.triage_ideas"

AGES = {
    "7d": (gettext_lazy("Last 7 days"), timedelta(days=7), True),
    "30d": (gettext_lazy("Last 30 days"), timedelta(days=30), True),
    "90d": (gettext_lazy("Last 90 days"), timedelta(days=90), True),
    "old90": (gettext_lazy("Older than 90 days"), timedelta(days=90), False),
    "old365": (gettext_lazy("Older than a year"), timedelta(days=365), False),
}

# key: (label, order when every vote counts, what a scoped ranking sorts by or None)
SORTS = {
    "votes": (gettext_lazy("Most votes"), ("-vote_count", "-pk"), ("-votes", "-idea")),
    "trend": (gettext_lazy("Trending"), ("-trend_score", "-vote_count", "-pk"), None),
    "weighted": (
        gettext_lazy("Segment-weighted demand"),
        ("-weighted_demand", "-vote_count", "-pk"),
        ("-weighted", "-votes", "-idea"),
    ),
    "value": (
        gettext_lazy("Value-weighted demand"),
        ("-value_demand", "-vote_count", "-pk"),
        ("-value", "-votes", "-idea"),
    ),
    "rice": (gettext_lazy("RICE score"), (F("rice_score").desc(nulls_last=True), "-vote_count", "-pk"), None),
    "newest": (gettext_lazy("Newest"), ("-created_at", "-pk"), None),
}


def require_triage(by: User) -> None:
    if not by.is_authenticated or not by.has_perm(PERMISSION):
        raise NotAllowed(_("Only product managers triage ideas."))


# --- The list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    query: str = ""
    status: Status | None = None
    product: object | None = None  # reviews.ProductPage
    tag: IdeaTag | None = None
    segment: Segment | None = None
    verified_only: bool = False
    age: str = ""
    official: str = ""  # "yes": has an official answer, "no": has none
    owner: User | None = None
    evaluator: User | None = None
    sort: str = "votes"

    @property
    def scope(self) -> demand.Scope:
        return demand.Scope(segment=self.segment, verified_only=self.verified_only)


def board(filters: Filters = Filters()) -> QuerySet[Idea] | Ranked:
    """Published ideas still alive (merged ones live on in their survivor), filtered,
    with their demand figures in the filters' scope, sorted."""
    rows = Idea.objects.published().filter(merged_into__isnull=True)
    query = " ".join(filters.query.split())
    if query.lstrip("#").isdigit():
        rows = rows.filter(pk=int(query.lstrip("#")))
    else:
        for word in query.split()[:8]:
            rows = rows.filter(title__icontains=word)
    for name in ("status", "product", "owner", "evaluator"):
        if getattr(filters, name) is not None:
            rows = rows.filter(**{name: getattr(filters, name)})
    if filters.tag is not None:
        rows = rows.filter(tags=filters.tag)
    if filters.age in AGES:
        _label, age, recent = AGES[filters.age]
        since = timezone.now() - age
        rows = rows.filter(created_at__gte=since) if recent else rows.filter(created_at__lt=since)
    answered = Exists(Comment.objects.filter(idea=OuterRef("pk"), is_official=True))
    if filters.official in ("yes", "no"):
        rows = rows.filter(answered if filters.official == "yes" else ~answered)
    rows = demand.with_votes_in(rows, filters.scope)
    shown = (
        demand.annotate(rows, filters.scope)
        .annotate(has_official=answered)
        .select_related("status", "product", "owner", "evaluator")
    )
    _label, order, ranked_by = SORTS.get(filters.sort, SORTS["votes"])
    if filters.scope != demand.Scope() and ranked_by:
        return Ranked(demand.ranking(rows, filters.scope, ranked_by), shown, rows)
    return shown.order_by(*order)


class Ranked:
    """A scoped list sorted by demand: ranked by one aggregate over the votes in scope
    (demand.ranking), the ideas of each slice fetched with their figures. Counts and
    slices like a queryset, so pages, the API and the export take either."""

    def __init__(self, ranking: QuerySet, ideas: QuerySet, listed: QuerySet):
        self.ranking, self.ideas, self.listed = ranking, ideas, listed

    def count(self) -> int:
        """The ideas with votes in scope, as the ranking has them; counted without grouping."""
        return self.listed.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = [row["idea"] for row in self.ranking[index]]
        found = self.ideas.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def chunks(self, size: int):
        start = 0
        while chunk := self[start : start + size]:
            yield chunk
            start += size


# --- Priorities --------------------------------------------------------------------------


def rice_score(reach, impact, confidence, effort) -> float | None:
    """reach × impact × confidence ÷ effort; None until all four are known."""
    if None in (reach, impact, confidence, effort) or not effort:
        return None
    return round(float(Decimal(reach) * Decimal(impact) * Decimal(confidence) / 100 / Decimal(effort)), 2)


def _decimal(name: str, value, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        errors[name] = [_("Enter a number.")]
        return None


def set_priority(idea: Idea, by: User, *, reach=None, impact=None, confidence=None, effort=None) -> Idea:
    """Stores the RICE estimates (any may stay empty) and the score they give."""
    require_triage(by)
    errors: dict = {}
    if reach not in (None, "") and (not str(reach).isdigit()):
        errors["reach"] = [_("Enter a whole number of customers, 0 or more.")]
    reach = int(reach) if reach not in (None, "") and "reach" not in errors else None
    impact = _decimal("impact", impact, errors)
    if impact is not None and impact not in {value for value, _label in RICE_IMPACT}:
        errors["impact"] = [_("Choose one of 0.25, 0.5, 1, 2 or 3.")]
    confidence = int(confidence) if str(confidence or "").isdigit() else (None if confidence in (None, "") else -1)
    if confidence is not None and confidence not in {value for value, _label in RICE_CONFIDENCE}:
        errors["confidence"] = [_("Choose 50, 80 or 100 per cent.")]
    effort = _decimal("effort", effort, errors)
    if effort is not None and effort < Decimal("0.1"):
        errors["effort"] = [_("Effort is at least 0.1 person-months.")]
    if errors:
        raise InvalidInput(**errors)
    score = rice_score(reach, impact, confidence, effort)
    Idea.objects.filter(pk=idea.pk).update(
        reach=reach, impact=impact, confidence=confidence, effort=effort, rice_score=score
    )
    idea.refresh_from_db()
    return idea


# --- Assignments -------------------------------------------------------------------------

UNCHANGED = object()


def assign(ideas: Iterable[Idea], by: User, *, owner=UNCHANGED, evaluator=UNCHANGED, product=UNCHANGED) -> int:
    """Sets the owner, the evaluator and/or the product of ideas (None clears owner and
    evaluator; both must be staff). Returns how many ideas changed."""
    require_triage(by)
    errors = {}
    staff = staff_members()
    for name, person in (("owner", owner), ("evaluator", evaluator)):
        if person not in (UNCHANGED, None) and not staff.filter(pk=person.pk).exists():
            errors[name] = [_("Choose a staff member.")]
    if product not in (UNCHANGED, None) and not product.live:
        errors["product"] = [_("This product is not available.")]
    if errors:
        raise InvalidInput(**errors)
    changes = {
        name: value
        for name, value in (("owner", owner), ("evaluator", evaluator), ("product", product))
        if value is not UNCHANGED
    }
    if not changes:
        return 0
    ids = [idea.pk for idea in ideas]
    with transaction.atomic():
        count = Idea.objects.filter(pk__in=ids).update(**changes)
        changed(*Idea.objects.filter(pk__in=ids).only("pk"))  # the product is a search facet
    return count


def set_external_url(idea: Idea, by: User, url: str) -> Idea:
    """The ticket in the product team's tool, entered by hand ("" clears it)."""
    require_triage(by)
    url = url.strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise InvalidInput(external_url=[_("Enter an http or https address.")]) from error
        if len(url) > Idea._meta.get_field("external_url").max_length:  # type: ignore[operator]
            raise InvalidInput(external_url=[_("This address is too long.")])
    Idea.objects.filter(pk=idea.pk).update(external_url=url)
    changed(idea)  # the public page says whether it is tracked
    idea.refresh_from_db()
    return idea


# --- Many at once ------------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[Idea] = field(default_factory=list)
    refused: list[tuple[Idea, str]] = field(default_factory=list)


def change_status_many(ideas: Iterable[Idea], to: Status, by: User, message: str = "") -> BulkResult:
    """One public message for many ideas; each moves through change_status(), and the
    ones the workflow refuses are listed with the reason."""
    require_triage(by)
    result = BulkResult()
    for idea in ideas:
        try:
            idea_services.change_status(idea, to, by, message)
        except ServiceError as error:
            result.refused.append((idea, str(error.message)))
        else:
            result.done.append(idea)
    return result


def answer_many(ideas: Iterable[Idea], template: AnswerTemplate, by: User) -> BulkResult:
    """Answers each idea officially with the template, in its author's language."""
    require_triage(by)
    result = BulkResult()
    for idea in ideas:
        try:
            idea_services.add_comment(by, idea, template.text(idea.author.language), official=True)
        except ServiceError as error:
            result.refused.append((idea, str(error.message)))
        else:
            result.done.append(idea)
    return result


# --- Private notes -----------------------------------------------------------------------


def add_note(idea: Idea, by: User, body: str, parent: StaffNote | None = None) -> StaffNote:
    """A staff-only note, or a reply to one (replies stay one level deep)."""
    require_triage(by)
    body = clean_text("body", body, StaffNote.BODY_MAX, required=True)
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise InvalidInput(parent=[_("You can only reply to a note on this idea.")])
        parent = parent.parent or parent
    return StaffNote.objects.create(idea=idea, author=by, parent=parent, body=body)


def notes(idea: Idea) -> list[StaffNote]:
    """Top-level notes, oldest first, each with .thread: its replies."""
    rows = list(StaffNote.objects.filter(idea=idea).select_related("author"))
    replies: dict[int, list[StaffNote]] = {}
    for note in rows:
        if note.parent_id:
            replies.setdefault(note.parent_id, []).append(note)
    top = [note for note in rows if not note.parent_id]
    for note in top:
        note.thread = replies.get(note.pk, [])  # type: ignore[attr-defined]  # read by the sheet
    return top


def filters_from(data: dict) -> Filters:
    """Filters from already validated form or API data (missing keys: no filter)."""
    return Filters(
        query=data.get("q") or "",
        status=data.get("status"),
        product=data.get("product"),
        tag=data.get("tag"),
        segment=data.get("segment"),
        verified_only=bool(data.get("verified")),
        age=data.get("age") or "",
        official=data.get("official") or "",
        owner=data.get("owner"),
        evaluator=data.get("evaluator"),
        sort=data.get("sort") or "votes",
    )


def send_to_backlog(idea: Idea, by) -> int:
    """A product manager promotes the idea by hand; endpoints that had it already
    are not sent it again (their delivery log has "resend")."""
    require_triage(by)
    if idea.is_merged:
        raise InvalidInput(idea=[_("A merged idea lives on in the idea it was merged into: send that one.")])
    idea = Idea.objects.select_related("status", "product", "author").get(pk=idea.pk)
    with transaction.atomic():
        return webhooks.emit(webhook_events.PLANNED, f"idea-planned:{idea.pk}", webhook_events.payload(idea))
