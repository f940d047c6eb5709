"""The triage desk's lines in the dashboard's "Waiting for you" panel: ideas the team
has not answered yet, and the ideas a product manager was asked to evaluate."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import Count, Exists, Min, OuterRef, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from community.dashboard import Waiting
from ideas.models import Comment, Idea, Status
from ideas.workflow import Stage
from triage.services import PERMISSION

# Before a decision: what an evaluator still has to look at.
UNDECIDED = (Stage.OPEN, Stage.UNDER_REVIEW)


def _line(ideas: QuerySet[Idea], label: Callable[[int], str], query: dict, order: int) -> Waiting:
    figures = ideas.aggregate(count=Count("pk"), oldest=Min("created_at"))
    url = f"{reverse('triage')}?{urlencode(query)}"
    return Waiting(label(figures["count"]), figures["count"], url, figures["oldest"], order=order)


def _alive() -> QuerySet[Idea]:
    return Idea.objects.published().filter(merged_into__isnull=True)


def unanswered_ideas(request: HttpRequest) -> Waiting | None:
    """New ideas nobody from the team has answered yet."""
    if not request.user.has_perm(PERMISSION):
        return None
    new = Status.objects.default()
    answered = Exists(Comment.objects.filter(idea=OuterRef("pk"), is_official=True))
    return _line(
        _alive().filter(status=new).exclude(answered),
        lambda n: ngettext(
            "new idea waits for an answer from the team", "new ideas wait for an answer from the team", n
        ),
        {"status": new.slug, "official": "no"},
        order=20,
    )


def my_evaluations(request: HttpRequest) -> Waiting | None:
    """Ideas this product manager was asked to assess, before a decision; no line when none."""
    if not request.user.has_perm(PERMISSION):
        return None
    line = _line(
        _alive().filter(evaluator_id=request.user.pk, status__stage__in=UNDECIDED),
        lambda n: ngettext("idea waits for your evaluation", "ideas wait for your evaluation", n),
        {"evaluator": request.user.pk},
        order=30,
    )
    return line if line.count else None


def held_tracker_changes(request: HttpRequest) -> Waiting | None:
    """Status changes an issue tracker asked for, held for approval; the link leads to the
    idea whose change waits longest."""
    from triage.models import TrackerChange

    if not request.user.has_perm(PERMISSION):
        return None
    held = TrackerChange.objects.filter(state=TrackerChange.State.HELD)
    figures = held.aggregate(count=Count("pk"), oldest=Min("created_at"))
    if not figures["count"]:
        return None
    first = held.order_by("created_at", "pk").values_list("idea_id", flat=True).first()
    label = ngettext(
        "change from an issue tracker waits for your approval",
        "changes from issue trackers wait for your approval",
        figures["count"],
    )
    return Waiting(label, figures["count"], reverse("triage_idea", args=[first]), figures["oldest"], order=25)
