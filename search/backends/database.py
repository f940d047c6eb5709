"""The database engine: search_entry and its facets, with the full-text matching of
whichever database Tandem runs on (see backends/postgres.py and backends/sqlite.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from search.backends.base import Engine, EngineResults, Progress
from search.models import Entry, EntryFacet
from search.registry import Record
from search.results import Hit, Query, plain_snippet, snippet_html
from search.text import clean, words

BATCH = 1000


def batched(items: Iterable, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _dialect():
    if connection.vendor == "postgresql":
        from search.backends.postgres import PostgresDialect

        return PostgresDialect()
    from search.backends.sqlite import SqliteDialect

    return SqliteDialect()


class DatabaseEngine(Engine):
    name = "database"

    @property
    def dialect(self):
        return _dialect()

    def search(self, query: Query, any_word: bool = False) -> EngineResults:
        dialect = self.dialect
        matched = dialect.matching(Entry.objects.all(), query.text, any_word)
        for name, value in sorted(query.filters.items()):
            matched = matched.filter(Exists(EntryFacet.objects.filter(entry=OuterRef("pk"), name=name, value=value)))
        kind_counts = dict(matched.order_by().values_list("kind").annotate(n=Count("pk")))
        in_kinds = matched.filter(kind__in=query.kinds) if query.kinds else matched
        total = sum(n for kind, n in kind_counts.items() if not query.kinds or kind in query.kinds)
        hits: list[Hit] = []
        facets: dict[str, dict[str, int]] = defaultdict(dict)
        if total:
            counted = (
                EntryFacet.objects.filter(dialect.facets_of(in_kinds))
                .values_list("name", "value")
                .annotate(n=Count("pk"))
                .order_by("name", "-n", "value")
            )
            for name, value, n in counted:
                facets[name][value] = n
            if query.offset < total:
                page = dialect.page(in_kinds, query.text, any_word, query.sort)
                hits = [self._hit(row) for row in page[query.offset : query.offset + query.page_size]]
        return EngineResults(hits=hits, total=total, kind_counts=kind_counts, facets=dict(facets))

    @staticmethod
    def _hit(row: Entry) -> Hit:
        marked = getattr(row, "marked", "") or ""
        snippet = snippet_html(marked) if marked.strip() else snippet_html(plain_snippet(row.body))
        return Hit(kind=row.kind, pk=row.object_id, title=row.title, snippet=snippet)

    def ids(self, kind: str, text: str, limit: int) -> list[int]:
        dialect = self.dialect
        entries = dialect.matching(Entry.objects.filter(kind=kind), text, any_word=False)
        return list(dialect.ranked(entries, text, any_word=False).values_list("object_id", flat=True)[:limit])

    def similar(self, kind: str, title: str, body: str, filters: dict[str, str], limit: int) -> list[int]:
        entries = Entry.objects.filter(kind=kind)
        preferred = Q()
        for name, value in filters.items():
            preferred &= Q(Exists(EntryFacet.objects.filter(entry=OuterRef("pk"), name=name, value=value)))
        return self.dialect.similar(entries, kind, clean(title), clean(body), preferred if filters else None, limit)

    def suggest(self, prefix: str, kinds: tuple[str, ...], limit: int) -> list[Hit]:
        prefix = clean(prefix)
        if not words(prefix):
            return []
        entries = Entry.objects.filter(Q(title__istartswith=prefix) | Q(title__icontains=f" {prefix}"))
        if kinds:
            entries = entries.filter(kind__in=kinds)
        rows = entries.order_by("-popularity", "-published_at", "pk").only("kind", "object_id", "title")[:limit]
        return [Hit(kind=row.kind, pk=row.object_id, title=row.title, snippet=snippet_html("")) for row in rows]

    def did_you_mean(self, text: str) -> str:
        return self.dialect.did_you_mean(text)

    def index(self, records: list[Record]) -> None:
        now = timezone.now()
        with transaction.atomic():
            for record in records:
                entry, _created = Entry.objects.update_or_create(
                    kind=record.kind, object_id=record.pk, defaults=self._fields(record, now)
                )
                EntryFacet.objects.filter(entry=entry).delete()
                EntryFacet.objects.bulk_create(self._facets(entry, record))

    def remove(self, kind: str, pks: Iterable[int]) -> None:
        Entry.objects.filter(kind=kind, object_id__in=list(pks)).delete()

    def rebuild(self, kind: str, records: Iterable[Record], progress: Progress) -> int:
        """One transaction: readers see the old entries until the new ones are all in."""
        written, now = 0, timezone.now()
        with transaction.atomic():
            Entry.objects.filter(kind=kind).delete()
            for batch in batched(records, BATCH):
                entries = Entry.objects.bulk_create(
                    [Entry(kind=kind, object_id=record.pk, **self._fields(record, now)) for record in batch]
                )
                EntryFacet.objects.bulk_create(
                    [
                        facet
                        for entry, record in zip(entries, batch, strict=True)
                        for facet in self._facets(entry, record)
                    ]
                )
                written += len(batch)
                progress(len(batch))
        self.dialect.after_rebuild()
        return written

    def fingerprints(self, kind: str) -> dict[int, str]:
        return dict(Entry.objects.filter(kind=kind).values_list("object_id", "fingerprint"))

    def set_popularity(self, kind: str, changes: dict[int, int]) -> None:
        entries = list(Entry.objects.filter(kind=kind, object_id__in=list(changes)).only("pk", "object_id"))
        for entry in entries:
            entry.popularity = changes[entry.object_id]
        Entry.objects.bulk_update(entries, ["popularity"], batch_size=BATCH)

    def popularity(self, kind: str) -> dict[int, int]:
        return dict(Entry.objects.filter(kind=kind).values_list("object_id", "popularity"))

    @staticmethod
    def _fields(record: Record, now) -> dict:
        return {
            "title": record.title,
            "body": record.body,
            "popularity": record.popularity,
            "published_at": record.published_at,
            "fingerprint": record.fingerprint,
            "indexed_at": now,
        }

    @staticmethod
    def _facets(entry: Entry, record: Record) -> list[EntryFacet]:
        return [
            EntryFacet(entry=entry, name=name, value=str(value)[:100])
            for name, values in record.facets.items()
            for value in dict.fromkeys(values)
        ]
