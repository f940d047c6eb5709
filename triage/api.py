"""/api/v1/triage/: the triage list with its demand figures, for product managers'
own tools: one page as JSON, or all of it as CSV or JSON (streamed)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from community.api import InputSchema, page_field
from community.errors import InvalidInput
from community.keys.auth import member_or_key
from community.models import ApiKey
from triage import exports, services
from triage.filters import FilterForm

router = Router(tags=["triage"], auth=member_or_key(ApiKey.Scope.TRIAGE))

Sort = Literal["votes", "trend", "weighted", "value", "rice", "newest"]
Age = Literal["", "7d", "30d", "90d", "old90", "old365"]


class TriageQuery(InputSchema):
    q: str = Field("", max_length=200, description="Title words, or an idea's number.")
    status: str = Field("", max_length=40, description="A status slug.")
    product: str = Field("", max_length=80, description="A product slug.")
    tag: str = Field("", max_length=40, description="A topic slug.")
    segment: int | None = Field(None, description="Count only this segment's votes (its number).")
    verified: bool = Field(False, description="Count only verified owners' votes.")
    age: Age = ""
    official: Literal["", "yes", "no"] = Field("", description="With or without an official answer.")
    owner: int | None = Field(None, description="A staff member's number.")
    evaluator: int | None = None
    sort: Sort = "votes"


class Page(Schema):
    page: int = page_field()
    page_size: int = Field(20, ge=1, le=100)


class TriageIdeaOut(Schema):
    id: int
    title: str
    url: str
    status: str
    product: str
    tags: list[str]
    votes: int
    verified_votes: int
    weighted_demand: float
    value_demand: float
    trend: float
    reach: int | None
    impact: float | None
    confidence: int | None
    effort: float | None
    rice_score: float | None
    owner: str
    evaluator: str
    official_answer: bool
    external_url: str
    created_at: datetime


class TriagePageOut(Schema):
    count: int
    items: list[TriageIdeaOut]


def _ideas(request, query: TriageQuery):
    """The filters through the board's own form: the same choices, the same errors."""
    services.require_triage(request.auth)
    data = {key: value for key, value in query.dict().items() if value not in (None, "", False)}
    form = FilterForm(data)
    if not form.is_valid():
        raise InvalidInput(**{field: list(errors) for field, errors in form.errors.items()})
    return services.board(services.filters_from(form.cleaned_data)), data


@router.get("/ideas/", response=TriagePageOut, summary="The triage list")
def triage_list(request, query: Query[TriageQuery], page: Query[Page]):
    """Published, unmerged ideas with their demand figures in the filters' scope. Product managers only."""
    ideas, _data = _ideas(request, query)
    start = (page.page - 1) * page.page_size
    return {"count": ideas.count(), "items": list(exports.rows(ideas[start : start + page.page_size]))}


@router.get("/ideas/export.csv", summary="The whole triage list as CSV")
def triage_csv(request, query: Query[TriageQuery]):
    ideas, data = _ideas(request, query)
    return exports.download(ideas, "csv", data)


@router.get("/ideas/export.json", summary="The whole triage list as JSON")
def triage_json(request, query: Query[TriageQuery]):
    ideas, data = _ideas(request, query)
    return exports.download(ideas, "json", data)
