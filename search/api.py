"""/api/v1/search/: the search page's answers as JSON, through the same interface."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from community import page_cache
from community.api import InputSchema
from community.errors import InvalidInput
from search import interface, registry
from search.results import MAX_QUERY_LENGTH, MAX_RESULTS, PAGE_SIZE, SORTS

router = Router(tags=["search"])


class SearchParams(InputSchema):
    q: str = Field(..., max_length=MAX_QUERY_LENGTH, description="Words to find; quotes keep a phrase together.")
    kind: str = Field("", description="idea, review or product; empty: every kind.")
    sort: str = Field("relevance", description=" | ".join(SORTS))
    page: int = Field(1, ge=1, le=MAX_RESULTS // PAGE_SIZE)
    product: str = Field("", max_length=100)
    status: str = Field("", max_length=100)
    tag: str = Field("", max_length=100)
    stars: str = Field("", max_length=100)
    exact: bool = Field(False, description="Search the words as typed, without the spelling correction.")


class HitOut(Schema):
    kind: str
    id: int
    title: str
    url: str
    snippet_html: str = Field(description="Escaped text; matched words in <mark>.")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    kinds: dict[str, int]
    facets: dict[str, list[FacetValueOut]]
    suggestion: str = Field(description="A spelling correction, where the engine has one.")
    corrected_from: str = Field(description="Set when nothing matched as typed and the suggestion was searched.")
    hits: list[HitOut]


class SuggestionOut(Schema):
    kind: str
    id: int
    title: str
    url: str


def _check(params: SearchParams) -> None:
    errors = {}
    if not params.q.strip():
        errors["q"] = [_("Enter something to search for.")]
    if params.kind and params.kind not in registry.names():
        errors["kind"] = [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(registry.names())}]
    if params.sort not in SORTS:
        errors["sort"] = [_("Choose one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)}]
    if errors:
        raise InvalidInput(**errors)


@router.get("/", response=SearchOut, summary="Search ideas, reviews and products")
def search(request, params: Query[SearchParams]):
    _check(params)
    page_cache.share(request)
    facets = {name: getattr(params, name) for name in ("product", "status", "tag", "stars") if getattr(params, name)}
    results = interface.search(
        params.q,
        kinds=[params.kind] if params.kind else [],
        filters=facets,
        sort=params.sort,
        page=params.page,
        correct=not params.exact,
        request=request,
    )
    return {
        "query": results.query.text,
        "total": results.total,
        "page": results.query.page,
        "pages": results.pages,
        "kinds": {name: results.kind_counts.get(name, 0) for name in registry.names()},
        "facets": {name: [value.__dict__ for value in values] for name, values in results.facets.items()},
        "suggestion": results.suggestion,
        "corrected_from": results.corrected_from,
        "hits": [
            {"kind": hit.kind, "id": hit.pk, "title": hit.title, "url": hit.url, "snippet_html": str(hit.snippet)}
            for hit in results.hits
        ],
    }


class SuggestionParams(InputSchema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH)
    kind: str = ""


@router.get("/suggestions/", response=list[SuggestionOut], summary="Titles completing what is typed")
def suggestions(request, params: Query[SuggestionParams]):
    q, kind = params.q, params.kind
    kinds = [kind] if kind in registry.names() else []
    return [
        {"kind": hit.kind, "id": hit.pk, "title": hit.title, "url": hit.url}
        for hit in interface.suggest(q, kinds=kinds, request=request)
    ]
