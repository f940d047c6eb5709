"""/api/v1/captures/: what a CRM or help desk heard from a customer, recorded as the
customer's own idea, vote or comment (ideas.capture.services), with an integration key
that has the `capture` scope (or a signed-in staff session with the permission)."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from community.api import InputSchema, NotFound
from community.keys.auth import member_or_key
from community.models import ApiKey
from community.ratelimits import enforce_write_limit
from ideas.capture import services
from ideas.models import Idea

router = Router(tags=["captures"])
Kind = Literal["idea", "vote", "comment"]  # Capture.Kind
Source = Literal["ticket", "call", "email", "chat", "meeting", "other"]  # Capture.Source


class CustomerIn(InputSchema):
    external_id: str = Field("", max_length=100, description="The customer's id in the CRM; looked up first.")
    email: str = Field("", max_length=254, description="Looked up when no CRM id matches.")
    name: str = Field("", max_length=80, description="For a customer added now.")
    create: bool = Field(False, description="Add the customer (by email) when nobody matches.")


class CaptureIn(InputSchema):
    customer: CustomerIn
    kind: Kind
    source: Source = Field(description="Where the team heard it.")
    idea_id: int | None = Field(None, ge=1, description="For a vote or a comment.")
    title: str = Field("", max_length=Idea.TITLE_MAX, description="For a new idea.")
    body: str = Field("", max_length=Idea.BODY_MAX, description="The new idea's details, or the comment. Markdown.")
    importance: int | None = Field(None, ge=1, le=3, description="For a vote: 1 nice to have, 2 important, 3 critical.")
    link: str = Field("", max_length=500, description="The ticket, email or notes it came from.")
    quote: str = Field("", max_length=2_000, description="The customer's own words.")


class CaptureOut(Schema):
    id: int
    kind: str
    idea_id: int
    comment_id: int | None
    customer_id: int
    source: str
    created_at: datetime


@router.post(
    "/",
    auth=member_or_key(ApiKey.Scope.CAPTURE),
    response={201: CaptureOut},
    summary="Record a customer's idea, vote or comment",
)
def record(request, payload: CaptureIn):
    """The customer is found by `external_id`, then by `email` (added when `create` is
    true); a customer who deleted their account is refused. The customer is told."""
    if getattr(request, "api_key", None) is None:  # a key counts against its own limit (KeyAuth)
        enforce_write_limit(request, "capture")
    idea = None
    if payload.idea_id is not None:
        idea = Idea.objects.filter(pk=payload.idea_id).first()
        if idea is None:
            raise NotFound(_("There is no idea with this number."))
    who = payload.customer
    member = services.customer(email=who.email, external_id=who.external_id, name=who.name, create=who.create)
    capture = services.record(
        request.auth, member, kind=payload.kind, source=payload.source, idea=idea, title=payload.title,
        body=payload.body, importance=payload.importance, link=payload.link, quote=payload.quote,
        key=getattr(request, "api_key", None),
    )  # fmt: skip
    return Status(201, capture)
