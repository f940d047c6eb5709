"""SQLite's FTS5 for the database engine (the embedded default): Porter stems and
word prefixes ("export" finds "exports", "Bewertung" finds "Bewertungen"), bm25
ranking with titles weighted ten times the body, FTS5's own snippets."""

from __future__ import annotations

from difflib import get_close_matches

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from search.models import Entry
from search.results import MARK_END, MARK_START
from search.text import phrases, words

# bm25 is lower for better matches: a little lower still for popular entries.
RANK = "bm25(search_entry_fts, 10.0, 1.0) * (1 + ln(1 + max(search_entry.popularity, 0)) / 10)"
SORTS = {
    "relevance": ("rank", "-popularity", "-pk"),
    "newest": ("-published_at", "-pk"),
    "popular": ("-popularity", "-pk"),
}
MAX_TERMS = 12
VOCABULARY_TITLES = 20_000


def fts_query(text: str, any_word: bool) -> str:
    """An FTS5 query built from words only, so nothing typed is ever FTS5 syntax:
    quoted phrases stay phrases, single words also match as prefixes."""
    parts = []
    for phrase in phrases(text)[:MAX_TERMS]:
        quoted = '"' + " ".join(phrase) + '"'
        parts.append(quoted + ("*" if len(phrase) == 1 else ""))
    return (" OR " if any_word else " AND ").join(parts)


class SqliteDialect:
    @staticmethod
    def facets_of(entries: QuerySet) -> Q:
        return Q(entry__in=entries.values("pk"))

    def matching(self, entries: QuerySet, text: str, any_word: bool) -> QuerySet:
        query = fts_query(text, any_word)
        if not query:
            return entries.none()
        return entries.filter(
            pk__in=RawSQL("SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s", [query])
        )

    def ranked(self, entries: QuerySet, text: str, any_word: bool, sort: str = "relevance", select=None) -> QuerySet:
        # A join with the FTS table: bm25() and snippet() only work in its MATCH query.
        query = fts_query(text, any_word)
        if not query:
            return entries.none()
        select = {"rank": RANK, **(select or {})}
        return entries.extra(  # noqa: S610 (fixed SQL; the query is a bound parameter)
            tables=["search_entry_fts"],
            where=["search_entry_fts.rowid = search_entry.id", "search_entry_fts MATCH %s"],
            params=[query],
            select=select,
            select_params=[MARK_START, MARK_END, " … "] if "marked" in select else [],
        ).order_by(*SORTS.get(sort, SORTS["relevance"]))

    def page(self, entries: QuerySet, text: str, any_word: bool, sort: str) -> QuerySet:
        select = {"marked": "snippet(search_entry_fts, 1, %s, %s, %s, 24)"}
        return self.ranked(entries, text, any_word, sort, select=select)

    def similar(self, entries: QuerySet, kind: str, title: str, body: str, preferred, limit: int) -> list[int]:
        if not words(title):
            return []
        text = " ".join(word for word in words(title)[:12] + words(body)[:20] if len(word) > 3)
        candidates = self.ranked(entries, text, any_word=True)
        if preferred is not None:
            candidates = candidates.annotate(preferred=preferred)
        rows = list(candidates[: limit * 3])
        # bm25 is negative: scaling it up ranks preferred entries (same product) higher.
        rows.sort(key=lambda row: row.rank * (1.5 if getattr(row, "preferred", False) else 1.0))
        return [row.object_id for row in rows[:limit]]

    @staticmethod
    def after_rebuild() -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")

    def did_you_mean(self, text: str) -> str:
        """Each word that matches nothing, replaced by the closest word of an indexed title."""
        typed = words(text)[:8]
        vocabulary: set[str] | None = None
        corrected = []
        for word in typed:
            if len(word) < 4 or word.isdigit() or self.matching(Entry.objects.all(), word, False).exists():
                corrected.append(word)
                continue
            if vocabulary is None:
                titles = Entry.objects.values_list("title", flat=True)[:VOCABULARY_TITLES]
                vocabulary = {known for title in titles for known in words(title) if len(known) > 2}
            corrected.append(next(iter(get_close_matches(word, vocabulary, n=1, cutoff=0.75)), word))
        return " ".join(corrected) if corrected != typed else ""
