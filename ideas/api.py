"""/api/v1/ideas/: HTTP only; the services in ideas.services decide everything.

Reading is open; every write needs a signed-in member (session + CSRF), counts
against the same write rate limit as the site's forms, and returns the new state.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate

from community import page_cache
from community.api import NotFound, ObjectId, Pages, member_auth
from community.moderation.services import visible_to
from community.ratelimits import enforce_write_limit
from ideas import rows, services
from ideas.errors import InvalidInput
from ideas.models import Comment, Idea, IdeaTag, StatusChange
from ideas.models import Status as IdeaStatus
from ideas.queries import BoardFilters, board, board_count, idea_for_viewer, visible_idea
from ideas.schemas import (
    CommentIn,
    CommentOut,
    FollowOut,
    IdeaDetailOut,
    IdeaFilters,
    IdeaIn,
    IdeaPatch,
    PagedIdeaOut,
    StatusOut,
    TagOut,
    VoteIn,
    VoteOut,
)
from ideas.workflow import Stage
from reviews.models import ProductPage

router = Router(tags=["ideas"])
vocabulary_router = Router(tags=["vocabulary"])
WRITE_GROUP = "ideas-write"  # shared with the pages: the API is no way around the limit


def _idea(request, pk: int, ideas=None) -> Idea:
    """The idea if this viewer may see it (ideas.queries.visible_idea), else 404;
    `ideas` narrows what is loaded."""
    idea = visible_idea(pk, request.user, ideas if ideas is not None else Idea.objects.select_related("status"))
    if idea is None:
        raise NotFound(_("There is no idea with this number."))
    return idea


# Only what says 404 or not: the vote services lock and read the idea's row themselves.
TO_VOTE_ON = Idea.objects.only("pk", "moderation_state", "author_id")


def _detail(request, pk: int) -> Idea:
    """The idea as IdeaDetailOut shows it: the viewer's state, its history, and for
    product managers how much the votes matter."""
    idea = idea_for_viewer(pk, request.user)
    if idea is None:
        raise NotFound(_("There is no idea with this number."))
    idea.history = list(  # type: ignore[attr-defined]  # read by IdeaDetailOut
        StatusChange.objects.filter(idea=idea).select_related("from_status", "to_status")
    )
    idea.importance = (  # type: ignore[attr-defined]
        rows.importance(idea.pk) if request.user.has_perm("ideas.change_idea_status") else None
    )
    return idea


def _product(slug: str | None) -> ProductPage | None:
    if not slug:
        return None
    product = ProductPage.objects.live().public().filter(slug=slug).first()
    if product is None:
        raise InvalidInput(product=[_("There is no product “%(slug)s”.") % {"slug": slug}])
    return product


@router.get("/", response=PagedIdeaOut, summary="List ideas")
def list_ideas(request, filters: Query[IdeaFilters], pages: Query[Pages.Input]):
    """The board: live ideas (duplicates left out), filtered and sorted."""
    if filters.mine and not request.user.is_authenticated:
        raise AuthenticationError()
    page_cache.share(request)
    board_filters = BoardFilters.from_request(filters.dict())
    ideas = board(board_filters, request.user)
    offset, limit = Pages.window(pages)
    items = rows.idea_page(ideas, request, offset, limit)
    return rows.json_response({"items": items, "count": board_count(ideas, board_filters)})


@router.post("/", auth=member_auth, response={201: IdeaDetailOut}, summary="Post an idea")
def create_idea(request, payload: IdeaIn):
    enforce_write_limit(request, WRITE_GROUP)
    idea = services.submit_idea(
        request.auth, title=payload.title, body=payload.body, product=_product(payload.product), tags=payload.tags
    )
    return Status(201, _detail(request, idea.pk))


@router.get("/{int:idea_id}/", response=IdeaDetailOut, summary="One idea")
def get_idea(request, idea_id: ObjectId):
    page_cache.share(request)
    idea = rows.idea_detail(idea_id, request)
    if idea is None:
        raise NotFound(_("There is no idea with this number."))
    return rows.json_response(idea)


@router.patch("/{int:idea_id}/", auth=member_auth, response=IdeaDetailOut, summary="Edit your idea")
def edit_idea(request, idea_id: ObjectId, payload: IdeaPatch):
    """Authors edit their own idea in its first half hour, or until someone else votes."""
    enforce_write_limit(request, WRITE_GROUP)
    idea = _idea(request, idea_id)
    changes = payload.dict(exclude_unset=True)
    product = _product(changes["product"]) if "product" in changes else idea.product
    services.edit_idea(
        request.auth,
        idea,
        title=idea.title if changes.get("title") is None else changes["title"],
        body=idea.body if changes.get("body") is None else changes["body"],
        product=product,
        tags=changes["tags"] if changes.get("tags") is not None else [tag.slug for tag in idea.tags.all()],
    )
    return _detail(request, idea.pk)


@router.post("/{int:idea_id}/vote/", auth=member_auth, response=VoteOut, summary="Vote")
def vote(request, idea_id: ObjectId, payload: VoteIn | None = None):
    """Idempotent: voting again changes nothing, or only the importance you give."""
    enforce_write_limit(request, WRITE_GROUP)
    result = services.cast_vote(
        request.auth, _idea(request, idea_id, TO_VOTE_ON), payload.importance if payload else None
    )
    return {"voted": result.voted, "vote_count": result.vote_count}


@router.delete("/{int:idea_id}/vote/", auth=member_auth, response=VoteOut, summary="Withdraw your vote")
def unvote(request, idea_id: ObjectId):
    """Idempotent: withdrawing a vote that is not there changes nothing."""
    enforce_write_limit(request, WRITE_GROUP)
    result = services.withdraw_vote(request.auth, _idea(request, idea_id, TO_VOTE_ON))
    return {"voted": result.voted, "vote_count": result.vote_count}


def _set_following(request, idea_id: int, following: bool) -> dict:
    enforce_write_limit(request, WRITE_GROUP)
    idea = _idea(request, idea_id)
    (services.follow_idea if following else services.unfollow_idea)(request.auth, idea)
    return {"following": following, "follower_count": Idea.objects.get(pk=idea.pk).follower_count}


@router.post("/{int:idea_id}/follow/", auth=member_auth, response=FollowOut, summary="Follow")
def follow(request, idea_id: ObjectId):
    return _set_following(request, idea_id, following=True)


@router.delete("/{int:idea_id}/follow/", auth=member_auth, response=FollowOut, summary="Stop following")
def unfollow(request, idea_id: ObjectId):
    return _set_following(request, idea_id, following=False)


@router.get("/{int:idea_id}/comments/", response=list[CommentOut], summary="Comments, oldest first")
@paginate(Pages)
def list_comments(request, idea_id: ObjectId):
    idea = _idea(request, idea_id)
    return (
        visible_to(Comment.objects.filter(idea=idea), request.user)
        .select_related("author")
        .order_by("created_at", "pk")
    )


@router.post("/{int:idea_id}/comments/", auth=member_auth, response={201: CommentOut}, summary="Comment")
def create_comment(request, idea_id: ObjectId, payload: CommentIn):
    enforce_write_limit(request, WRITE_GROUP)
    idea = _idea(request, idea_id)
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent, idea=idea).first()
        if parent is None:
            raise InvalidInput(parent=[_("You can only reply to a comment on this idea.")])
    comment = services.add_comment(request.auth, idea, payload.body, parent=parent, official=payload.official)
    return Status(201, comment)


@vocabulary_router.get("/statuses/", response=list[StatusOut], summary="Statuses an idea can have")
def list_statuses(request):
    return IdeaStatus.objects.exclude(stage=Stage.MERGED)


@vocabulary_router.get("/tags/", response=list[TagOut], summary="Topics ideas can carry")
def list_tags(request):
    return IdeaTag.objects.all()
