"""The Elasticsearch engine (elasticsearch-dsl): one index per kind behind an alias
(`<prefix>-<kind>`), rebuilt into a new versioned index and swapped in at once;
relevance from the text, nudged by popularity and recency (function_score)."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.utils import timezone
from django.utils.module_loading import import_string
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.helpers import BulkIndexError, bulk, scan, streaming_bulk
from elasticsearch_dsl import Q, Search

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


def unavailable_on_errors(method):
    """Connection failures, timeouts, server errors and missing indices all mean
    "ask another engine"; the caller decides what that is."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (TransportConnectionError, TransportError, BulkIndexError) as error:
            raise Unavailable(str(error)) from error
        except ApiError as error:
            if error.status_code >= 500 or error.status_code == 404:
                raise Unavailable(str(error)) from error
            raise

    return wrapper


class ElasticEngine(Engine):
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "tandem", node_class: str = "", timeout: float = 2.0):
        options = {"request_timeout": timeout, "max_retries": 0, "retry_on_timeout": False}
        if node_class:
            options["node_class"] = import_string(node_class)
        self.client = Elasticsearch(url, **options)
        self.prefix = prefix
        self._ready_aliases: set[str] = set()

    # -- names ---------------------------------------------------------------
    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def _indices(self, kinds: Iterable[str]) -> str:
        return ",".join(self.alias(kind) for kind in kinds)

    # -- reading -------------------------------------------------------------
    @unavailable_on_errors
    def search(self, query: Query, any_word: bool = False) -> EngineResults:
        every_kind = registry.names()
        asked = list(query.kinds) or every_kind
        search = Search(using=self.client, index=self._indices(every_kind)).params(
            ignore_unavailable=True, allow_no_indices=True
        )
        filters = [Q("term", **{name: value}) for name, value in sorted(query.filters.items())]
        search = search.query(self._scored(self._text_query(query.text, any_word), filters))
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
        search = search[query.offset : end] if query.offset < end else search[0:0]
        response = search.execute()
        facets = {
            name: {bucket.key: bucket.doc_count for bucket in getattr(response.aggregations.in_kinds, name).buckets}
            for name in sorted(registry.facets())
        }
        facets = {name: counts for name, counts in facets.items() if counts}
        kind_counts = {bucket.key: bucket.doc_count for bucket in response.aggregations.kinds.buckets}
        return EngineResults(
            hits=[self._hit(hit) for hit in response],
            total=response.hits.total.value,
            kind_counts=kind_counts,
            facets=facets,
        )

    @staticmethod
    def _text_query(text: str, any_word: bool) -> Q:
        """Words in any of the analysed fields, typos forgiven; quoted phrases as phrases.
        Match queries never parse query syntax, so nothing typed can break them."""
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

    @staticmethod
    def _scored(text_query: Q, filters: list[Q]) -> Q:
        """The text decides; votes (log-scaled) and recency add a little, never more."""
        return Q(
            "function_score",
            query=Q("bool", must=[text_query], filter=filters),
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
    def _hit(hit) -> Hit:
        highlight = hit.meta.highlight.to_dict() if "highlight" in hit.meta else {}
        fragments = next((highlight[field] for field in HIGHLIGHTED if field in highlight), None)
        snippet = snippet_html(" … ".join(fragments)) if fragments else snippet_html(plain_snippet(hit.body or ""))
        return Hit(kind=hit.kind, pk=int(hit.meta.id), title=hit.title, snippet=snippet)

    @unavailable_on_errors
    def ids(self, kind: str, text: str, limit: int) -> list[int]:
        search = Search(using=self.client, index=self.alias(kind)).query(
            self._scored(self._text_query(text, False), [])
        )
        response = search.source(False)[: min(limit, MAX_RESULTS)].execute()
        return [int(hit.meta.id) for hit in response]

    @unavailable_on_errors
    def similar(self, kind: str, title: str, body: str, filters: dict[str, str], limit: int) -> list[int]:
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
        search = Search(using=self.client, index=self.alias(kind)).query(Q("bool", must=[like], should=preferred))
        return [int(hit.meta.id) for hit in search.source(False)[:limit].execute()]

    @unavailable_on_errors
    def suggest(self, prefix: str, kinds: tuple[str, ...], limit: int) -> list[Hit]:
        prefix = clean(prefix)
        if not words(prefix):
            return []
        search = Search(using=self.client, index=self._indices(kinds or registry.names())).params(
            ignore_unavailable=True, allow_no_indices=True
        )
        search = search.suggest(
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
        search = Search(using=self.client, index=self._indices(registry.names())).params(
            ignore_unavailable=True, allow_no_indices=True
        )
        search = search.suggest("words", " ".join(typed), term={"field": "title", "suggest_mode": "missing"})
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
            {"_op_type": "index", "_index": self.alias(record.kind), "_id": record.pk, "_source": self._source(record)}
            for record in records
        ]
        bulk(self.client, actions, refresh="wait_for")

    @unavailable_on_errors
    def remove(self, kind: str, pks: Iterable[int]) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias(kind), "_id": pk} for pk in pks]
        if not actions or not self.client.indices.exists_alias(name=self.alias(kind)):
            return
        _done, errors = bulk(self.client, actions, raise_on_error=False, refresh="wait_for")
        failed = [error for error in errors if error.get("delete", {}).get("status") != 404]
        if failed:
            raise BulkIndexError(f"{len(failed)} documents could not be removed", failed)

    @unavailable_on_errors
    def rebuild(self, kind: str, records: Iterable[Record], progress: Progress) -> int:
        """A new versioned index, loaded in bulk, then the alias moves to it in one
        step: searches read the old index until then. The old index is deleted."""
        alias = self.alias(kind)
        name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        self._create_index(kind, name)
        written = 0
        actions = ({"_index": name, "_id": record.pk, "_source": self._source(record)} for record in records)
        for ok, _item in streaming_bulk(self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=True):
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
        self.client.indices.update_aliases(actions=moves)
        for index in old:
            self.client.indices.delete(index=index)
        self._ready_aliases.add(alias)
        return written

    @unavailable_on_errors
    def fingerprints(self, kind: str) -> dict[int, str]:
        if not self.client.indices.exists_alias(name=self.alias(kind)):
            return {}
        documents = scan(self.client, index=self.alias(kind), query={"_source": ["fingerprint"]})
        return {int(document["_id"]): document["_source"].get("fingerprint", "") for document in documents}

    @unavailable_on_errors
    def set_popularity(self, kind: str, changes: dict[int, int]) -> None:
        if not changes:
            return
        actions = [
            {"_op_type": "update", "_index": self.alias(kind), "_id": pk, "doc": {"popularity": popularity}}
            for pk, popularity in changes.items()
        ]
        bulk(self.client, actions, raise_on_error=False)

    def healthy(self) -> bool:
        try:
            return bool(self.client.ping())
        except (TransportError, ApiError):
            return False

    # -- indices -------------------------------------------------------------
    def _ensure_alias(self, kind: str) -> None:
        alias = self.alias(kind)
        if alias in self._ready_aliases:
            return
        if not self.client.indices.exists_alias(name=alias):
            name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
            self._create_index(kind, name)
            self.client.indices.put_alias(index=name, name=alias)
        self._ready_aliases.add(alias)

    def _create_index(self, kind: str, name: str) -> None:
        document = registry.get(kind).document
        self.client.indices.create(index=name, mappings=document._doc_type.mapping.to_dict())

    @staticmethod
    def _source(record: Record) -> dict:
        return registry.get(record.kind).document.from_record(record).to_dict()
