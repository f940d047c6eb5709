"""What a search asks and what it answers, the same for every engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PAGE_SIZE = 20
MAX_RESULTS = 10_000  # the deepest any engine pages (Elasticsearch's result window)
MAX_QUERY_LENGTH = 200
SORTS = ("relevance", "newest", "popular")

# Engines mark highlighted words with these private-use characters; the text we
# index never contains them, so only the engine can have put them there.
MARK_START, MARK_END = "\ue000", "\ue001"
_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")


def unmarked(text: str) -> str:
    return _MARKS.sub("", text)


def snippet_html(marked: str) -> SafeString:
    """An engine's highlighted snippet as safe HTML: everything escaped, then <mark>."""
    html = str(escape(marked)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped just above; only our markers become tags)


def plain_snippet(text: str, length: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class Query:
    text: str
    kinds: tuple[str, ...] = ()  # none: every kind
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> value
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Hit:
    kind: str
    pk: int
    title: str
    snippet: SafeString  # escaped text with <mark> around matched words
    object: Any = None
    url: str = ""


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Results:
    query: Query
    hits: list[Hit]
    total: int
    kind_counts: dict[str, int] = field(default_factory=dict)  # for every kind, whatever kinds were asked
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str = ""  # "did you mean", where the engine offers one
    corrected_from: str = ""  # set when nothing matched the text as typed and the suggestion was searched
    degraded: bool = False  # the configured engine failed and the database answered

    @property
    def pages(self) -> int:
        reachable = min(self.total, MAX_RESULTS)
        return max(1, -(-reachable // self.query.page_size))
