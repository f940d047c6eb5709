"""The shapes of ideas in the API: what clients send and what they get back.

Limits repeat the model's so the OpenAPI schema shows them; the services check again.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from community.api import InputSchema
from ideas.models import Comment, Idea, IdeaBoardPage, Vote
from ideas.queries import MINE, SORTS

Sort = Literal[tuple(SORTS)]
Mine = Literal[("", *MINE)]
Importance = Literal[tuple(Vote.Importance.values)]


class StatusOut(Schema):
    slug: str
    name: str = Field(description="In the request's language.")
    stage: str
    colour: str
    description: str

    @staticmethod
    def resolve_name(status) -> str:
        return status.label

    @staticmethod
    def resolve_description(status) -> str:
        return status.explanation


class TagOut(Schema):
    slug: str
    name: str


class ProductRefOut(Schema):
    """The product an idea is about: enough to name it and link to it."""

    slug: str
    title: str


class AuthorOut(Schema):
    """Only what the site shows publicly: never an email address."""

    display_name: str


class ViewerOut(Schema):
    voted: bool
    importance: Importance | None
    following: bool


class IdeaOut(Schema):
    id: int
    title: str
    url: str | None = Field(description="The idea's page on the site.")
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The Markdown rendered and sanitised: safe to show as HTML.")
    author: AuthorOut
    product: ProductRefOut | None
    tags: list[TagOut]
    status: StatusOut
    vote_count: int
    comment_count: int
    follower_count: int
    merged_into: int | None = Field(description="Set when this idea is a duplicate: vote and comment there.")
    tracked: bool = Field(description="The product team tracks it in its own tools.")
    created_at: datetime
    last_activity_at: datetime
    viewer: ViewerOut | None = Field(description="What the signed-in caller did; null when signed out.")

    @staticmethod
    def resolve_tracked(idea) -> bool:
        return bool(idea.external_url)

    @staticmethod
    def resolve_url(idea, context) -> str | None:
        return IdeaBoardPage.idea_url_outside(idea, context["request"]) or None

    @staticmethod
    def resolve_tags(idea) -> list:
        return list(idea.tags.all())

    @staticmethod
    def resolve_merged_into(idea) -> int | None:
        return idea.merged_into_id

    @staticmethod
    def resolve_viewer(idea) -> dict | None:
        if not hasattr(idea, "has_voted"):
            return None
        return {"voted": idea.has_voted, "importance": idea.my_importance, "following": idea.is_following}


# A page of ideas and how many the filters find: the shape @paginate gives every other list.
class PagedIdeaOut(Schema):
    items: list[IdeaOut]
    count: int


class StatusChangeOut(Schema):
    from_status: StatusOut | None
    to_status: StatusOut
    message: str
    message_html: str
    created_at: datetime


class ImportanceOut(Schema):
    not_said: int
    nice_to_have: int
    important: int
    critical: int


class IdeaDetailOut(IdeaOut):
    history: list[StatusChangeOut] = Field(description="Every status change with its public message, oldest first.")
    importance: ImportanceOut | None = Field(
        None, description="How much the votes matter to their voters; for product managers only."
    )


class IdeaFilters(InputSchema):
    sort: Sort = "top"
    status: str = Field("", max_length=40, description="A status slug.")
    product: str = Field("", max_length=80, description="A product slug.")
    tag: str = Field("", max_length=40, description="A tag slug.")
    q: str = Field("", max_length=100, description="Words in the title or description.")
    mine: Mine = Field("", description="Only ideas the signed-in caller posted, voted on or follows.")


class IdeaIn(InputSchema):
    title: str = Field(max_length=Idea.TITLE_MAX)
    body: str = Field("", max_length=Idea.BODY_MAX, description="Markdown.")
    product: str | None = Field(None, description="A product slug.")
    tags: list[str] = Field([], max_length=20, description="Tag slugs.")


class IdeaPatch(InputSchema):
    title: str | None = Field(None, max_length=Idea.TITLE_MAX)
    body: str | None = Field(None, max_length=Idea.BODY_MAX)
    product: str | None = Field(None, description="A product slug; an empty string clears it.")
    tags: list[str] | None = Field(None, max_length=20)


class VoteIn(InputSchema):
    importance: Importance | None = Field(None, description="1 nice to have, 2 important, 3 critical.")


class VoteOut(Schema):
    voted: bool
    vote_count: int


class FollowOut(Schema):
    following: bool
    follower_count: int


class CommentOut(Schema):
    id: int
    parent: int | None = Field(description="The comment this one replies to.")
    author: AuthorOut
    body: str
    body_html: str
    is_official: bool = Field(description="An answer from the company.")
    created_at: datetime

    @staticmethod
    def resolve_parent(comment) -> int | None:
        return comment.parent_id


class CommentIn(InputSchema):
    body: str = Field(max_length=Comment.BODY_MAX, description="Markdown.")
    parent: int | None = Field(None, description="Reply to this comment (replies stay one level deep).")
    official: bool = Field(False, description="Staff only: post as the official answer.")
