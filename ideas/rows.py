"""Ideas as the API answers them, read as rows: the ideas list and one idea.

These are the answers members ask for most, and building model instances and then
validating each through pydantic cost more than the SQL. Here one query reads the
columns the answer needs (status, author and product joined, the member's vote and
follow in the same row), a second the topics, and the answer is built as plain
dicts that match IdeaOut and IdeaDetailOut field for field (tests/ideas/test_api_rows.py
holds them to the schemas). The OpenAPI description stays the schemas'.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, QuerySet
from django.http import HttpResponse
from ninja.responses import NinjaJSONEncoder

from community.models import ModerationState
from community.moderation.services import can_see
from ideas.models import Idea, IdeaBoardPage, Status, StatusChange, Vote
from ideas.models.ideas import idea_slug
from ideas.queries import with_viewer_state

STATUS_COLUMNS = ("slug", "name", "name_de", "stage", "colour", "description", "description_de")
IDEA_COLUMNS = (
    "pk", "title", "body", "body_html", "vote_count", "comment_count", "follower_count", "merged_into_id",
    "external_url", "created_at", "last_activity_at", "author__display_name", "product__slug", "product__title",
    "status_id", *(f"status__{column}" for column in STATUS_COLUMNS),
)  # fmt: skip
VIEWER_COLUMNS = ("has_voted", "my_importance", "is_following")


@dataclass(frozen=True)
class IdeaRef:
    """What an idea's address needs (IdeaBoardPage.idea_url_outside)."""

    pk: int
    title: str

    @property
    def slug(self) -> str:
        return idea_slug(self.title)


def json_response(data) -> HttpResponse:
    """What django-ninja would send for `data`, without validating it again."""
    return HttpResponse(json.dumps(data, cls=NinjaJSONEncoder), content_type="application/json; charset=utf-8")


def _status(row: dict, prefix: str = "status__") -> dict:
    """StatusOut of the status columns in a row, in the request's language (Status.label)."""
    status = Status(**{column: row[prefix + column] for column in STATUS_COLUMNS})
    return {
        "slug": status.slug,
        "name": status.label,
        "stage": status.stage,
        "colour": status.colour,
        "description": status.explanation,
    }


def _tags(ids: Iterable[int]) -> dict[int, list[dict]]:
    """Each idea's topics, in their names' order (IdeaTag's), in one query."""
    through = Idea.tags.through
    rows = through.objects.filter(idea_id__in=ids).order_by("ideatag__name", "ideatag_id")
    found: dict[int, list[dict]] = {}
    for idea_id, slug, name in rows.values_list("idea_id", "ideatag__slug", "ideatag__name"):
        found.setdefault(idea_id, []).append({"slug": slug, "name": name})
    return found


def _idea(row: dict, tags: dict[int, list[dict]], statuses: dict[int, dict], request, signed_in: bool) -> dict:
    """One IdeaOut as a dict; `statuses` keeps the StatusOut built for each status."""
    if row["status_id"] not in statuses:  # a page holds a few statuses: each is built once
        statuses[row["status_id"]] = _status(row)
    product = {"slug": row["product__slug"], "title": row["product__title"]} if row["product__slug"] else None
    viewer = None
    if signed_in:
        viewer = {"voted": row["has_voted"], "importance": row["my_importance"], "following": row["is_following"]}
    return {
        "id": row["pk"],
        "title": row["title"],
        "url": IdeaBoardPage.idea_url_outside(IdeaRef(row["pk"], row["title"]), request) or None,
        "body": row["body"],
        "body_html": str(row["body_html"]),
        "author": {"display_name": row["author__display_name"]},
        "product": product,
        "tags": tags.get(row["pk"], []),
        "status": statuses[row["status_id"]],
        "vote_count": row["vote_count"],
        "comment_count": row["comment_count"],
        "follower_count": row["follower_count"],
        "merged_into": row["merged_into_id"],
        "tracked": bool(row["external_url"]),
        "created_at": row["created_at"],
        "last_activity_at": row["last_activity_at"],
        "viewer": viewer,
    }


def _columns(member) -> tuple[str, ...]:
    return IDEA_COLUMNS + (VIEWER_COLUMNS if member.is_authenticated else ())


def idea_page(ideas: QuerySet[Idea], request, offset: int, limit: int) -> list[dict]:
    """A page of the board (ideas.queries.board, already filtered and sorted for this
    viewer) as IdeaOut dicts: two queries, whatever the page size."""
    rows = list(ideas.values(*_columns(request.user))[offset : offset + limit])
    tags = _tags([row["pk"] for row in rows]) if rows else {}
    statuses: dict[int, dict] = {}
    return [_idea(row, tags, statuses, request, request.user.is_authenticated) for row in rows]


def idea_detail(pk: int, request) -> dict | None:
    """One idea as IdeaDetailOut, or None when this viewer may not see it (visible_idea's
    rule): the idea, its topics and its history, three queries; product managers also
    get how much the votes matter (a fourth)."""
    member = request.user
    row = with_viewer_state(Idea.objects.filter(pk=pk), member).values(
        *_columns(member), "moderation_state", "author_id"
    )
    found = row.first()
    post = SimpleNamespace(
        is_published=found["moderation_state"] == ModerationState.PUBLISHED if found else False,
        author_id=found["author_id"] if found else None,
    )
    if found is None or not can_see(post, member):
        return None
    idea = _idea(found, _tags([pk]), {}, request, member.is_authenticated)
    idea["history"] = [
        {
            "from_status": _status(change, "from_status__") if change["from_status__slug"] else None,
            "to_status": _status(change, "to_status__"),
            "message": change["message"],
            "message_html": str(change["message_html"]),
            "created_at": change["created_at"],
        }
        for change in StatusChange.objects.filter(idea_id=pk).values(
            "message",
            "message_html",
            "created_at",
            *(f"{end}__{column}" for end in ("from_status", "to_status") for column in STATUS_COLUMNS),
        )  # fmt: skip
    ]
    idea["importance"] = importance(pk) if member.has_perm("ideas.change_idea_status") else None
    return idea


def importance(pk: int) -> dict:
    """How much the votes matter to their voters (ImportanceOut): for product managers."""
    counts = dict(Vote.objects.filter(idea_id=pk).values_list("importance").annotate(n=Count("pk")).order_by())
    return {
        "not_said": counts.get(None, 0),
        "nice_to_have": counts.get(Vote.Importance.NICE_TO_HAVE, 0),
        "important": counts.get(Vote.Importance.IMPORTANT, 0),
        "critical": counts.get(Vote.Importance.CRITICAL, 0),
    }
