"""The one search interface. Views, the API, tasks and other apps call these
functions and nothing below them: they pick the engine (Elasticsearch or
OpenSearch where SEARCH_URL names a cluster, else the database), fall back to the database when the
cluster cannot answer, and keep every engine's index in step."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db.models import Model
from django.utils import timezone

from community.cache import bump_generation
from search import registry
from search.backends.base import Engine, EngineResults, Unavailable
from search.backends.database import DatabaseEngine
from search.results import MAX_RESULTS, PAGE_SIZE, SORTS, FacetValue, Hit, Query, Results
from search.text import clean, words

logger = logging.getLogger(__name__)

T = TypeVar("T")
DOWN_KEY = "search:cluster-down"
DOWN_SECONDS = 30  # after a failure, searches skip the cluster this long instead of waiting on it
GENERATION_KEY = "search:generation"


@cache
def database() -> DatabaseEngine:
    return DatabaseEngine()


@cache
def _cluster(engine: str, url: str, prefix: str, timeout: float, ca_certs: str, node_class: str) -> Engine:
    if engine == "opensearch":
        from search.backends.opensearch import OpenSearchEngine

        return OpenSearchEngine(url, prefix=prefix, timeout=timeout, ca_certs=ca_certs)
    from search.backends.elastic import ElasticEngine

    return ElasticEngine(url, prefix=prefix, timeout=timeout, ca_certs=ca_certs, node_class=node_class)


def cluster() -> Engine | None:
    """The Elasticsearch or OpenSearch engine, when a cluster is configured."""
    if not settings.SEARCH_URL:
        return None
    return _cluster(
        settings.SEARCH_ENGINE,
        settings.SEARCH_URL,
        settings.SEARCH_INDEX_PREFIX,
        settings.SEARCH_TIMEOUT,
        settings.SEARCH_CA_CERTS,
        settings.ELASTICSEARCH_NODE_CLASS,
    )


def engines() -> list[Engine]:
    """Every engine that keeps an index: the database always (it is the fallback)."""
    return [database(), *filter(None, [cluster()])]


def _ask(question: Callable[[Engine], T]) -> tuple[T, bool]:
    """The configured engine's answer, or the database's if the cluster fails;
    the flag says whether it fell back."""
    engine = cluster()
    if engine is not None and not shared_cache.get(DOWN_KEY):
        try:
            return question(engine), False
        except Unavailable as error:
            logger.warning("search cluster unavailable, the database answers: %s", error)
            shared_cache.set(DOWN_KEY, True, DOWN_SECONDS)
    return question(database()), engine is not None


# -- reading -----------------------------------------------------------------


def search(
    text: str,
    kinds: Iterable[str] = (),
    filters: dict[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = PAGE_SIZE,
    correct: bool = True,
    request=None,
) -> Results:
    """Hits of the asked kinds (all when none) on one page, with counts per kind and
    per facet value. Unknown kinds and facets are ignored; the page is clamped.
    When nothing matches, a correction of misspelt words is searched instead (unless
    correct is False), then any of the words."""
    known_facets = registry.facets()
    query = Query(
        text=clean(text),
        kinds=tuple(kind for kind in dict.fromkeys(kinds) if kind in registry.names()),
        filters={name: clean(value)[:100] for name, value in (filters or {}).items() if name in known_facets and value},
        sort=sort if sort in SORTS else "relevance",
        page=max(1, min(page, MAX_RESULTS // page_size)),
        page_size=page_size,
    )
    if not words(query.text):
        return Results(query=query, hits=[], total=0)
    found, corrected_from, suggestion, degraded = _answer(query, correct)
    return Results(
        query=query,
        hits=_with_objects(found.hits, request),
        total=found.total,
        kind_counts=found.kind_counts,
        facets=_labelled(found),
        suggestion=suggestion,
        corrected_from=corrected_from,
        degraded=degraded,
    )


def _answer(query: Query, correct: bool) -> tuple[EngineResults, str, str, bool]:
    """The engine's answer, with a correction or any of the words when nothing has all
    of them. The same question asked again within SEARCH_CACHE_SECONDS is answered from
    the shared cache, until the index changes: ranking and counting thousands of
    matches is the dear part of a search, and popular questions are asked often."""
    key = f"search:answer:{_generation()}:{hashlib.sha256(repr((query, correct)).encode()).hexdigest()}"
    kept = shared_cache.get(key) if settings.SEARCH_CACHE_SECONDS else None
    if kept is not None:
        return (*kept, False)
    found, degraded = _ask(lambda engine: engine.search(query))
    corrected_from, suggestion = "", ""
    if not found.total:
        # Nothing has all the words: a misspelling, or words that are never together.
        suggestion, _ = _ask(lambda engine: engine.did_you_mean(query.text))
        if suggestion and correct:
            corrected = replace(query, text=suggestion)
            retried, degraded = _ask(lambda engine: engine.search(corrected))
            if retried.total:
                found, corrected_from = retried, query.text
    if not found.total and len(words(query.text)) > 1:
        found, degraded = _ask(lambda engine: engine.search(query, any_word=True))
    if settings.SEARCH_CACHE_SECONDS and not degraded:
        shared_cache.set(key, (found, corrected_from, suggestion), timeout=settings.SEARCH_CACHE_SECONDS)
    return found, corrected_from, suggestion, degraded


def _generation() -> int:
    return shared_cache.get(GENERATION_KEY, 0)


def _index_changed() -> None:
    """Every write to an index makes the cached answers old (none are kept while the
    cache is down)."""

    bump_generation(GENERATION_KEY)


def ids(kind: str, text: str, limit: int = 500) -> list[int]:
    """The pks of one kind matching text, best first (the ideas board filters with these)."""
    if not words(clean(text)):
        return []
    found, _ = _ask(lambda engine: engine.ids(kind, clean(text), limit))
    return found


def similar(
    kind: str, title: str, body: str = "", filters: dict[str, str] | None = None, limit: int = 5
) -> list[Model]:
    """Published objects of one kind most like this text, most alike first: the
    similar-ideas list while a member types. Objects matching filters (e.g. the same
    product) rank higher."""
    pks, _ = _ask(lambda engine: engine.similar(kind, title, body, filters or {}, limit))
    objects = registry.get(kind).load(pks)
    return [objects[pk] for pk in pks if pk in objects]


def suggest(prefix: str, kinds: Iterable[str] = (), limit: int = 8, request=None) -> list[Hit]:
    """Titles that complete what is being typed (autocomplete), with their objects."""
    kinds = tuple(kind for kind in kinds if kind in registry.names())
    found, _ = _ask(lambda engine: engine.suggest(prefix, kinds, limit))
    return _with_objects(found, request)


def _with_objects(hits: list[Hit], request=None) -> list[Hit]:
    """Each hit with its object and URL; hits whose object is no longer published
    (the index lags a moment behind a moderation decision) are left out."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for hit in hits:
        by_kind[hit.kind].append(hit.pk)
    objects = {kind: registry.get(kind).load(pks) for kind, pks in by_kind.items() if kind in registry.names()}
    shown = []
    for hit in hits:
        obj = objects.get(hit.kind, {}).get(hit.pk)
        if obj is not None:
            hit.object, hit.url = obj, registry.get(hit.kind).url(obj, request)
            shown.append(hit)
    return shown


def _labelled(found: EngineResults) -> dict[str, list[FacetValue]]:
    definitions = registry.facets()
    facets = {}
    for name, counts in found.facets.items():
        if name not in definitions or not counts:
            continue
        labels = definitions[name].labels(list(counts))
        values = [FacetValue(value, labels.get(value, value), count) for value, count in counts.items()]
        facets[name] = sorted(values, key=lambda value: (-value.count, str(value.label)))
    return facets


def facet_labels() -> dict[str, str]:
    return {name: facet.label for name, facet in registry.facets().items()}


# -- writing -----------------------------------------------------------------


def index(obj: Model) -> None:
    """Bring one object's index entries up to date now: written if it may be found, removed if not."""
    kind = registry.kind_of(obj)
    if kind is not None:
        update(kind.name, obj.pk)


def remove(obj: Model) -> None:
    kind = registry.kind_of(obj)
    if kind is not None:
        for engine in engines():
            engine.remove(kind.name, [obj.pk])
        _index_changed()


def update(kind_name: str, pk: int) -> bool:
    """What the indexing task does: True if the object is indexed, False if removed.
    The database is written first, so the fallback is current even if the cluster fails."""
    kind = registry.get(kind_name)
    obj = kind.indexable().filter(pk=pk).first()
    for engine in engines():
        if obj is None:
            engine.remove(kind_name, [pk])
        else:
            engine.index([kind.record(obj)])
    _index_changed()
    return obj is not None


def rebuild(kinds: Iterable[str] = (), progress: Callable[[str, str, int], None] | None = None) -> dict[str, int]:
    """Every engine's index of these kinds (all when none) rebuilt from the database.
    Objects changed while the cluster was being loaded are indexed again after the swap."""
    counts = {}
    for kind in [registry.get(name) for name in kinds] or registry.kinds():
        for engine in engines():
            started = timezone.now()
            records = (kind.record(obj) for obj in kind.indexable().iterator(chunk_size=1000))

            def report(n: int, engine: Engine = engine, kind: registry.Kind = kind) -> None:
                if progress:
                    progress(engine.name, kind.name, n)

            counts[f"{engine.name}:{kind.name}"] = engine.rebuild(kind.name, records, report)
            if engine is not database():
                from search.models import Entry

                changed = Entry.objects.filter(kind=kind.name, indexed_at__gte=started).values_list(
                    "object_id", flat=True
                )
                for pk in changed:
                    update(kind.name, pk)
    _index_changed()
    return counts


def expected_count(kind_name: str) -> int:
    return registry.get(kind_name).indexable().count()


@dataclass
class CheckReport:
    engine: str
    kind: str
    indexed: int
    missing: list[int]  # may be found but is not in the index
    stale: list[int]  # in the index with old content
    extra: list[int]  # in the index but must not be found (unpublished, deleted)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check(kinds: Iterable[str] = ()) -> list[CheckReport]:
    """Every engine's index compared with what may be found right now."""
    reports = []
    for kind in [registry.get(name) for name in kinds] or registry.kinds():
        expected = {obj.pk: kind.record(obj).fingerprint for obj in kind.indexable().iterator(chunk_size=1000)}
        for engine in engines():
            indexed = engine.fingerprints(kind.name)
            reports.append(
                CheckReport(
                    engine=engine.name,
                    kind=kind.name,
                    indexed=len(indexed),
                    missing=sorted(set(expected) - set(indexed)),
                    stale=sorted(
                        pk for pk, fingerprint in indexed.items() if pk in expected and expected[pk] != fingerprint
                    ),
                    extra=sorted(set(indexed) - set(expected)),
                )
            )
    return reports


def refresh_popularity(kinds: Iterable[str] = ()) -> int:
    """Votes and helpful marks change too often to re-index on each: this brings the
    popularity that ranking uses up to date in one pass. Returns how many changed."""
    changed = 0
    for kind in [registry.get(name) for name in kinds] or registry.kinds():
        if kind.popularity is None:
            continue
        indexed = database().popularity(kind.name)
        changes = {pk: value for pk, value in kind.popularity() if pk in indexed and indexed[pk] != value}
        for engine in engines():
            engine.set_popularity(kind.name, changes)
        changed += len(changes)
    if changed:
        _index_changed()
    return changed


def readiness() -> tuple[str, dict] | None:
    """/readyz's "search" entry, when a cluster is configured."""
    return ("search", health()) if settings.SEARCH_URL else None


def health() -> dict:
    """For /readyz: which engine answers searches, and whether it had to fall back."""
    engine = cluster()
    if engine is None:
        return {"status": "up", "engine": "database"}
    problem = engine.problem()
    if not problem:
        shared_cache.delete(DOWN_KEY)
        return {"status": "up", "engine": engine.name}
    return {"status": "degraded", "engine": "database", "configured": engine.name, "problem": problem}
