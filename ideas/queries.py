"""How ideas are listed: sorting, filtering and what the viewer has done, in few queries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Avg, Count, Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

import search.interface
from community import page_cache
from community.models import Follow, ModerationState
from community.moderation.services import can_see, visible_to
from ideas.models import CommentReaction, Idea, IdeaTag, Status, StatusChange, Vote
from ideas.workflow import ROADMAP_STAGES, Stage
from reviews.models import Review

SORTS = {
    "top": (_("Top"), ["-vote_count", "-id"]),
    "trending": (_("Trending"), ["-trend_score", "-vote_count", "-id"]),
    "new": (_("Newest"), ["-created_at", "-id"]),
    "updated": (_("Recently updated"), ["-last_activity_at", "-id"]),
}
DEFAULT_SORT = "top"
SEARCH_LIMIT = 1000  # the board's search box narrows to the best this many matches, then sorts them
COUNT_SECONDS = 30
MINE = {
    "posted": _("I posted"),
    "voted": _("I voted on"),
    "following": _("I follow"),
}


@dataclass(frozen=True)
class BoardFilters:
    sort: str = DEFAULT_SORT
    status: str = ""
    product: str = ""
    tag: str = ""
    mine: str = ""
    query: str = ""

    @classmethod
    def from_request(cls, params) -> BoardFilters:
        """Unknown values fall back to "no filter": a bad link shows the whole board, not an error."""

        def text(name: str, limit: int) -> str:
            # Control characters (a NUL byte breaks PostgreSQL) never belong in a filter.
            value = "".join(char for char in params.get(name, "") if char.isprintable())
            return " ".join(value.split())[:limit]

        sort, mine = text("sort", 20), text("mine", 20)
        return cls(
            sort=sort if sort in SORTS else DEFAULT_SORT,
            status=text("status", 40),
            product=text("product", 80),
            tag=text("tag", 40),
            mine=mine if mine in MINE else "",
            query=text("q", 100),
        )


def with_viewer_state(ideas: QuerySet[Idea], member) -> QuerySet[Idea]:
    """Adds has_voted, my_importance and is_following for the member, inside the same query."""
    if not member.is_authenticated:
        return ideas
    votes = Vote.objects.filter(idea=OuterRef("pk"), member=member)
    follows = Follow.objects.filter(
        member=member, content_type=ContentType.objects.get_for_model(Idea), object_id=OuterRef("pk")
    )
    return ideas.annotate(
        has_voted=Exists(votes), my_importance=Subquery(votes.values("importance")[:1]), is_following=Exists(follows)
    )


def visible_idea(pk: int, viewer, ideas: QuerySet[Idea] | None = None) -> Idea | None:
    """The one way to load an idea for a viewer: the idea, or None when it is not there
    or held by moderation and the viewer is neither its author nor a moderator.
    `ideas` says what to load with it (by default its status, author, product and the
    idea it was merged into)."""
    ideas = ideas if ideas is not None else Idea.objects.select_related("status", "author", "product", "merged_into")
    idea = ideas.filter(pk=pk).first()
    return idea if idea is not None and can_see(idea, viewer) else None


def idea_for_viewer(pk: int, member) -> Idea | None:
    """One idea as its page shows it: status, author, product, topics and the viewer's state."""
    shown = with_viewer_state(Idea.objects.all(), member).select_related("status", "author", "product")
    return visible_idea(pk, member, shown.prefetch_related("tags"))


def board(filters: BoardFilters, member) -> QuerySet[Idea]:
    """The public board: live (not merged) ideas, filtered and sorted."""
    ideas = Idea.objects.filter(merged_into__isnull=True).select_related("status", "author", "product")
    # The public board shows published ideas; "I posted" also shows one's own held ones.
    ideas = visible_to(ideas, member) if filters.mine == "posted" else ideas.published()
    if filters.status:
        ideas = ideas.filter(status__slug=filters.status)
    if filters.product:
        ideas = ideas.filter(product__slug=filters.product)
    if filters.tag:
        ideas = ideas.filter(tags__slug=filters.tag)
    if filters.query:
        ideas = ideas.filter(pk__in=search.interface.ids("idea", filters.query, limit=SEARCH_LIMIT))
    if filters.mine and member.is_authenticated:
        ideas = _mine(ideas, filters.mine, member)
    ideas = with_viewer_state(ideas, member).prefetch_related("tags")
    return ideas.order_by(*SORTS[filters.sort][1])


# The generation of the board's totals: bumped when an idea, a status or a topic changes.
BOARD = "idea-board"


def board_changed(model: type[Model], pk: int) -> None:
    """A change listener (community.changes): the board's totals start afresh."""
    if issubclass(model, (Idea, StatusChange, IdeaTag, Status)):
        page_cache.bump_on_commit(BOARD)


def board_count(ideas: QuerySet[Idea], filters: BoardFilters) -> int:
    """How many ideas the filters find. Counting 100 000 rows costs more than listing a
    page of them, so the total is kept for COUNT_SECONDS, or until content changes
    (the "idea-board" generation, board_changed); a member's own lists ("I voted on") are always counted."""
    if filters.mine:
        return ideas.count()
    wanted = repr((filters.status, filters.product, filters.tag, filters.query)).encode()
    key = f"board-count:{page_cache.generation(BOARD)}:{hashlib.sha256(wanted).hexdigest()}"
    count = cache.get(key)
    if count is None:
        count = ideas.count()
        cache.set(key, count, timeout=COUNT_SECONDS)
    return count


def _mine(ideas: QuerySet[Idea], mine: str, member) -> QuerySet[Idea]:
    if mine == "posted":
        return ideas.filter(author=member)
    if mine == "voted":
        return ideas.filter(votes__member=member)
    followed = Follow.objects.filter(member=member, content_type=ContentType.objects.get_for_model(Idea))
    return ideas.filter(pk__in=followed.values("object_id"))


def similar_ideas(title: str, body: str = "", product: str = "", limit: int = 5) -> list[Idea]:
    """Published ideas like the one being typed, so a member can vote instead of
    posting a duplicate; ideas about the same product (slug) rank higher."""
    return search.interface.similar("idea", title, body, {"product": product} if product else {}, limit)


@dataclass(frozen=True)
class RoadmapColumn:
    stage: Stage
    ideas: list[Idea]
    total: int  # the column shows at most a page's worth of them


def roadmap_columns(open_limit: int, shipped_limit: int) -> list[RoadmapColumn]:
    """One column per roadmap stage: open work by votes, shipped work newest first."""
    live = Idea.objects.published().filter(merged_into__isnull=True)
    totals = dict(
        live.filter(status__stage__in=ROADMAP_STAGES).values_list("status__stage").annotate(n=Count("pk")).order_by()
    )
    columns = []
    for stage in ROADMAP_STAGES:
        ideas = live.filter(status__stage=stage).select_related("status", "product")
        if stage == Stage.DONE:
            ideas = ideas.order_by("-last_activity_at", "-id")[:shipped_limit]
        else:
            ideas = ideas.order_by("-vote_count", "-id")[:open_limit]
        columns.append(RoadmapColumn(stage, list(ideas), totals.get(stage, 0)))
    return columns


def changelog_entries() -> QuerySet[StatusChange]:
    """Every move into a shipped status, newest first, with its idea."""
    return (
        StatusChange.objects.filter(
            to_status__stage=Stage.DONE,
            idea__merged_into__isnull=True,
            idea__moderation_state=ModerationState.PUBLISHED,
        )
        .select_related("idea", "idea__product", "to_status")
        .order_by("-created_at", "-id")
    )


def voters_rating(idea: Idea) -> dict:
    """How the idea's voters rated its product: are the people asking happy customers?"""
    if idea.product_id is None:
        return {"average": None, "count": 0}
    voters = Vote.objects.filter(idea=idea).values("member_id")
    return (
        Review.objects.published()
        .filter(product_id=idea.product_id, author_id__in=voters)
        .aggregate(average=Avg("rating"), count=Count("pk"))
    )


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    label: str
    count: int
    mine: bool


def reactions_of(comment_ids: list[int], member) -> dict[int, list[ReactionCount]]:
    """Every offered reaction on each comment with its exact count and whether the
    viewer gave it: one query however many comments."""
    mine = Q(member_id=member.pk) if member.is_authenticated else Q(pk__in=[])
    rows = (
        CommentReaction.objects.filter(comment_id__in=comment_ids)
        .values("comment_id", "kind")
        .annotate(n=Count("pk"), given=Count("pk", filter=mine))
        .order_by()
    )
    found = {(row["comment_id"], row["kind"]): (row["n"], row["given"] > 0) for row in rows}
    return {
        pk: [
            ReactionCount(kind, str(label), *found.get((pk, kind), (0, False)))
            for kind, label in CommentReaction.Kind.choices
        ]
        for pk in comment_ids
    }
