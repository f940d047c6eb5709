"""The triage list as CSV or JSON, with its demand figures: for spreadsheets and for
the product team's own tools. Streamed, so that a long list never sits in memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet, prefetch_related_objects
from django.http import StreamingHttpResponse
from django.utils import timezone

from ideas.models import IdeaBoardPage

FIELDS = [
    "id",
    "title",
    "url",
    "status",
    "product",
    "tags",
    "votes",
    "verified_votes",
    "weighted_demand",
    "value_demand",
    "trend",
    "reach",
    "impact",
    "confidence",
    "effort",
    "rice_score",
    "owner",
    "evaluator",
    "official_answer",
    "external_url",
    "created_at",
]
CHUNK = 500


def _number(value) -> str | float | int | None:
    """Decimals as JSON numbers; None stays None."""
    if value is None:
        return None
    return float(value) if not isinstance(value, int) else value


def _chunks(ideas) -> Iterator[list]:
    """A services.board() list (a queryset or services.Ranked) or a page of it, in lists of CHUNK."""
    if isinstance(ideas, list):
        yield ideas
    elif isinstance(ideas, QuerySet):
        chunk = []
        for idea in ideas.iterator(chunk_size=CHUNK):
            chunk.append(idea)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
    else:
        yield from ideas.chunks(CHUNK)


def _each(ideas) -> Iterator:
    for chunk in _chunks(ideas):
        prefetch_related_objects(chunk, "tags")
        yield from chunk


def rows(ideas) -> Iterator[dict]:
    """One dict per idea of a services.board() list, in FIELDS order."""
    url_of = IdeaBoardPage.idea_urls_outside()
    for idea in _each(ideas):
        path = url_of(idea)
        yield {
            "id": idea.pk,
            "title": idea.title,
            "url": f"{settings.BASE_URL}{path}" if path and not path.startswith("http") else path,
            "status": idea.status.name,
            "product": idea.product.title if idea.product_id else "",
            "tags": [tag.slug for tag in idea.tags.all()],
            "votes": idea.demand_votes,
            "verified_votes": idea.demand_verified,
            "weighted_demand": _number(idea.demand_weighted),
            "value_demand": _number(idea.demand_value),
            "trend": idea.trend_score,
            "reach": idea.reach,
            "impact": _number(idea.impact),
            "confidence": idea.confidence,
            "effort": _number(idea.effort),
            "rice_score": idea.rice_score,
            "owner": idea.owner.email if idea.owner_id else "",
            "evaluator": idea.evaluator.email if idea.evaluator_id else "",
            "official_answer": idea.has_official,
            "external_url": idea.external_url,
            "created_at": idea.created_at.isoformat(),
        }


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(ideas) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(FIELDS)
    for row in rows(ideas):
        cells = {**row, "tags": " ".join(row["tags"]), "official_answer": "yes" if row["official_answer"] else "no"}
        yield writer.writerow(["" if cells[name] is None else _safe(cells[name]) for name in FIELDS])


def _safe(value):
    """Spreadsheets run cells that start with =, +, - or @ as formulas: members wrote these titles."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def json_chunks(ideas, filters: dict) -> Iterator[str]:
    yield '{"filters": ' + json.dumps(filters) + ', "ideas": ['
    for number, row in enumerate(rows(ideas)):
        yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def download(ideas, format: str, filters: dict) -> StreamingHttpResponse:
    """The list as a file named for today: format is "csv" or "json"."""
    if format == "json":
        response = StreamingHttpResponse(json_chunks(ideas, filters), content_type="application/json")
    else:
        response = StreamingHttpResponse(csv_lines(ideas), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ideas-{timezone.now():%Y-%m-%d}.{format}"'
    return response
