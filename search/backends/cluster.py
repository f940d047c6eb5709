"""What the Elasticsearch and OpenSearch engines share: both speak the same query
language and index layout, so the index, the queries and the reading of answers are
written once here; each engine brings its own client library (its Search and Q, its
bulk helpers, its errors) and the few calls whose signatures differ.

One index per kind behind an alias (`<prefix>-<kind>`), rebuilt into a new versioned
index and swapped in at once; relevance from the text, nudged by popularity and
recency (function_score)."""

from __future__ import annotations

import functools
from abc import abstractmethod
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

from django.utils import timezone

from search import registry
from search.backends.base import Engine, EngineResults, Progress, Unavailable
from search.registry import Record
from search.results import MARK_END, MARK_START, MAX_RESULTS, Hit, Query, plain_snippet, snippet_html
from search.text import clean, phrases, words

TEXT_FIELDS = ["title^3", "title.en^3", "title.de^3", "body", "body.en", "body.de"]
HIGHLIGHTED = ("body.en", "body.de", "body")
BULK_CHUNK = 500
SORTS = {
    "relevance": ["_score", {"popularity": "desc"}],
    "newest": [{"published_at": "desc"}],
    "popular": [{"popularity": "desc"}, "_score"],
}


def _analysed_text() -> dict:
    """Titles and bodies are analysed three ways: as written (for typos and
    highlights), and with English and German stemming."""
    return {
        "type": "text",
        "analyzer": "standard",
        "fields": {"en": {"type": "text", "analyzer": "english"}, "de": {"type": "text", "analyzer": "german"}},
    }


def mapping(kind: registry.Kind) -> dict:
    """The fields of a kind's index: the same for every kind, plus a keyword per facet.
    Strict, so a facet value a kind forgot to declare fails loudly."""
    return {
        "dynamic": "strict",
        "properties": {
            "kind": {"type": "keyword"},
            "title": _analysed_text(),
            "body": _analysed_text(),
            "suggest": {"type": "completion"},
            "popularity": {"type": "integer"},
            "published_at": {"type": "date"},
            "fingerprint": {"type": "keyword", "index": False},
            **{facet.name: {"type": "keyword"} for facet in kind.facets},
        },
    }


def completions(title: str) -> list[str]:
    """The title from each of its words on, so that typing a word from its middle completes it too."""
    parts = title.split()
    return [" ".join(parts[start:]) for start in range(min(len(parts), 8)) if words(parts[start])]


def source(record: Record) -> dict:
    """The document stored for one record."""
    return {
        "kind": record.kind,
        "title": record.title,
        "body": record.body,
        "suggest": {"input": completions(record.title) or [record.title], "weight": min(record.popularity, 10_000) + 1},
        "popularity": record.popularity,
        "published_at": record.published_at.isoformat(),
        "fingerprint": record.fingerprint,
        **{name: list(values) for name, values in record.facets.items()},
    }


def unavailable_on_errors(method: Callable) -> Callable:
    """Connection failures, timeouts, server errors and missing indices all mean
    "ask another engine"; the caller decides what that is. Which errors those are is
    the client library's business (ClusterEngine.unavailable)."""

    @functools.wraps(method)
    def wrapper(self: ClusterEngine, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Unavailable:
            raise
        except Exception as error:
            if self.unavailable(error):
                raise Unavailable(str(error)) from error
            raise

    return wrapper


class ClusterEngine(Engine):
    # The client library's query builders and bulk helpers (the same API in both).
    Search: Any
    Q: Callable[..., Any]
    helpers: ModuleType

    def __init__(self, client: Any, prefix: str = "tandem"):
        self.client = client
        self.prefix = prefix
        self._ready_aliases: set[str] = set()

    # -- what differs between the client libraries ---------------------------
    @abstractmethod
    def unavailable(self, error: Exception) -> bool:
        """Whether this error means the cluster cannot answer now (not a bad request)."""

    @abstractmethod
    def _create(self, name: str, fields: dict) -> None:
        """Create an index with this mapping."""

    @abstractmethod
    def _update_aliases(self, actions: list[dict]) -> None:
        """Apply alias moves in one step."""

    # -- names ---------------------------------------------------------------
    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def _indices(self, kinds: Iterable[str]) -> str:
        return ",".join(self.alias(kind) for kind in kinds)

    def _searching(self, kinds: Iterable[str]) -> Any:
        """A search over these kinds' aliases, any of which may not exist yet."""
        return self.Search(using=self.client, index=self._indices(kinds)).params(
            ignore_unavailable=True, allow_no_indices=True
        )

    # -- reading -------------------------------------------------------------
    @unavailable_on_errors
    def search(self, query: Query, any_word: bool = False) -> EngineResults:
        response = self.search_request(query, any_word).execute()
        facets = {
            name: {bucket.key: bucket.doc_count for bucket in getattr(response.aggregations.in_kinds, name).buckets}
            for name in sorted(registry.facets())
        }
        kind_counts = {bucket.key: bucket.doc_count for bucket in response.aggregations.kinds.buckets}
        return EngineResults(
            hits=[self._hit(hit) for hit in response],
            total=response.hits.total.value,
            kind_counts=kind_counts,
            facets={name: counts for name, counts in facets.items() if counts},
        )

    def search_request(self, query: Query, any_word: bool = False) -> Any:
        """The search, not yet sent: one page of hits, counts per kind and facet, highlights."""
        Q = self.Q
        every_kind = registry.names()
        asked = list(query.kinds) or every_kind
        filters = [Q("term", **{name: value}) for name, value in sorted(query.filters.items())]
        search = self._searching(every_kind).query(self._scored(self._text_query(query.text, any_word), filters))
        search = search.post_filter("terms", kind=asked).extra(track_total_hits=True)
        search.aggs.bucket("kinds", "terms", field="kind", size=len(every_kind) or 1)
        in_kinds = search.aggs.bucket("in_kinds", "filter", filter=Q("terms", kind=asked))
        for name in sorted(registry.facets()):
            in_kinds.bucket(name, "terms", field=name, size=50)
        search = search.highlight(
            *HIGHLIGHTED, pre_tags=[MARK_START], post_tags=[MARK_END], fragment_size=160, number_of_fragments=2
        ).sort(*SORTS.get(query.sort, SORTS["relevance"]))
        search = search.source(["kind", "title", "body"])
        end = min(query.offset + query.page_size, MAX_RESULTS)
        return search[query.offset : end] if query.offset < end else search[0:0]

    def _text_query(self, text: str, any_word: bool) -> Any:
        """Words in any of the analysed fields, typos forgiven; quoted phrases as phrases.
        Match queries never parse query syntax, so nothing typed can break them."""
        Q = self.Q
        operator = "or" if any_word else "and"
        quoted = [" ".join(phrase) for phrase in phrases(text) if len(phrase) > 1]
        loose = " ".join(" ".join(phrase) for phrase in phrases(text) if len(phrase) == 1)
        must = [Q("multi_match", query=phrase, type="phrase", fields=TEXT_FIELDS) for phrase in quoted]
        if loose:
            must.append(
                Q(
                    "bool",
                    should=[
                        Q("multi_match", query=loose, fields=TEXT_FIELDS, operator=operator),
                        Q("multi_match", query=loose, fields=["title^2", "body"], operator=operator, fuzziness="AUTO"),
                        Q("multi_match", query=loose, fields=["title^4", "body^2"], type="phrase", slop=2),
                    ],
                    minimum_should_match=1,
                )
            )
        if any_word and quoted:
            return Q("bool", should=must, minimum_should_match=1)
        return Q("bool", must=must)

    def _scored(self, text_query: Any, filters: list) -> Any:
        """The text decides; votes (log-scaled) and recency add a little, never more."""
        return self.Q(
            "function_score",
            query=self.Q("bool", must=[text_query], filter=filters),
            functions=[
                {"field_value_factor": {"field": "popularity", "modifier": "log1p", "factor": 0.1, "missing": 0}},
                {
                    "gauss": {"published_at": {"origin": "now", "scale": "365d", "offset": "30d", "decay": 0.5}},
                    "weight": 0.5,
                },
            ],
            score_mode="sum",
            boost_mode="sum",
        )

    @staticmethod
    def _hit(hit: Any) -> Hit:
        highlight = hit.meta.highlight.to_dict() if "highlight" in hit.meta else {}
        fragments = next((highlight[field] for field in HIGHLIGHTED if field in highlight), None)
        snippet = snippet_html(" … ".join(fragments)) if fragments else snippet_html(plain_snippet(hit.body or ""))
        return Hit(kind=hit.kind, pk=int(hit.meta.id), title=hit.title, snippet=snippet)

    @unavailable_on_errors
    def ids(self, kind: str, text: str, limit: int) -> list[int]:
        search = self.Search(using=self.client, index=self.alias(kind)).query(
            self._scored(self._text_query(text, False), [])
        )
        response = search.source(False)[: min(limit, MAX_RESULTS)].execute()
        return [int(hit.meta.id) for hit in response]

    @unavailable_on_errors
    def similar(self, kind: str, title: str, body: str, filters: dict[str, str], limit: int) -> list[int]:
        Q = self.Q
        title, body = clean(title), clean(body)
        if not words(title):
            return []
        like = Q(
            "bool",
            should=[
                Q(
                    "more_like_this",
                    fields=["title.en", "title.de", "body.en", "body.de"],
                    like=f"{title}\n{body}",
                    min_term_freq=1,
                    min_doc_freq=1,
                    minimum_should_match="30%",
                ),
                Q("multi_match", query=title, fields=["title^2", "title.en", "title.de"], fuzziness="AUTO"),
            ],
            minimum_should_match=1,
        )
        preferred = [Q("term", **{name: {"value": value, "boost": 0.5}}) for name, value in filters.items()]
        search = self.Search(using=self.client, index=self.alias(kind)).query(Q("bool", must=[like], should=preferred))
        return [int(hit.meta.id) for hit in search.source(False)[:limit].execute()]

    @unavailable_on_errors
    def suggest(self, prefix: str, kinds: tuple[str, ...], limit: int) -> list[Hit]:
        prefix = clean(prefix)
        if not words(prefix):
            return []
        search = self._searching(kinds or registry.names()).suggest(
            "titles", prefix, completion={"field": "suggest", "size": limit, "skip_duplicates": True}
        )
        response = search.source(["kind", "title"])[0:0].execute()
        options = response.suggest.titles[0].options if response.suggest.titles else []
        return [
            Hit(kind=option._source.kind, pk=int(option._id), title=option._source.title, snippet=snippet_html(""))
            for option in options
        ]

    @unavailable_on_errors
    def did_you_mean(self, text: str) -> str:
        typed = words(text)[:8]
        if not typed:
            return ""
        search = self._searching(registry.names()).suggest(
            "words", " ".join(typed), term={"field": "title", "suggest_mode": "missing"}
        )
        response = search[0:0].execute()
        better = {entry.text: entry.options[0].text for entry in response.suggest.words if entry.options}
        corrected = [better.get(word, word) for word in typed]
        return " ".join(corrected) if corrected != typed else ""

    # -- writing -------------------------------------------------------------
    @unavailable_on_errors
    def index(self, records: list[Record]) -> None:
        for record in records:
            self._ensure_alias(record.kind)
        actions = [
            {"_op_type": "index", "_index": self.alias(record.kind), "_id": record.pk, "_source": source(record)}
            for record in records
        ]
        self.helpers.bulk(self.client, actions, refresh="wait_for")

    @unavailable_on_errors
    def remove(self, kind: str, pks: Iterable[int]) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias(kind), "_id": pk} for pk in pks]
        if not actions or not self.client.indices.exists_alias(name=self.alias(kind)):
            return
        _done, errors = self.helpers.bulk(self.client, actions, raise_on_error=False, refresh="wait_for")
        failed = [error for error in errors if error.get("delete", {}).get("status") != 404]
        if failed:
            raise Unavailable(f"{len(failed)} documents could not be removed: {failed[:3]}")

    @unavailable_on_errors
    def rebuild(self, kind: str, records: Iterable[Record], progress: Progress) -> int:
        """A new versioned index, loaded in bulk, then the alias moves to it in one
        step: searches read the old index until then. The old index is deleted."""
        alias = self.alias(kind)
        name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        self._create(name, mapping(registry.get(kind)))
        written = 0
        actions = ({"_index": name, "_id": record.pk, "_source": source(record)} for record in records)
        for ok, _item in self.helpers.streaming_bulk(self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=True):
            if ok:
                written += 1
                if written % BULK_CHUNK == 0:
                    progress(BULK_CHUNK)
        progress(written % BULK_CHUNK)
        self.client.indices.refresh(index=name)
        old = list(self.client.indices.get_alias(name=alias)) if self.client.indices.exists_alias(name=alias) else []
        moves = [{"remove": {"index": index, "alias": alias}} for index in old] + [
            {"add": {"index": name, "alias": alias}}
        ]
        self._update_aliases(moves)
        for index in old:
            self.client.indices.delete(index=index)
        self._ready_aliases.add(alias)
        return written

    @unavailable_on_errors
    def fingerprints(self, kind: str) -> dict[int, str]:
        if not self.client.indices.exists_alias(name=self.alias(kind)):
            return {}
        documents = self.helpers.scan(self.client, index=self.alias(kind), query={"_source": ["fingerprint"]})
        return {int(document["_id"]): document["_source"].get("fingerprint", "") for document in documents}

    @unavailable_on_errors
    def set_popularity(self, kind: str, changes: dict[int, int]) -> None:
        if not changes:
            return
        actions = [
            {"_op_type": "update", "_index": self.alias(kind), "_id": pk, "doc": {"popularity": popularity}}
            for pk, popularity in changes.items()
        ]
        self.helpers.bulk(self.client, actions, raise_on_error=False)

    def problem(self) -> str:
        """Why the cluster cannot answer now ("" when it can): for /readyz, so that an
        operator reads, say, that the server is not the product the engine expects."""
        try:
            self.client.info()
        except Exception as error:
            if self.unavailable(error):
                return f"{type(error).__name__}: {error}"[:300]
            raise
        return ""

    # -- indices -------------------------------------------------------------
    def _ensure_alias(self, kind: str) -> None:
        alias = self.alias(kind)
        if alias in self._ready_aliases:
            return
        if not self.client.indices.exists_alias(name=alias):
            name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
            self._create(name, mapping(registry.get(kind)))
            self.client.indices.put_alias(index=name, name=alias)
        self._ready_aliases.add(alias)
