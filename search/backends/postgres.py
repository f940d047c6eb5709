"""PostgreSQL full text for the database engine: English and German stems (the
generated search_entry.document column), ts_headline snippets, trigram similarity
for near-duplicates and misspellings (pg_trgm)."""

from __future__ import annotations

from difflib import get_close_matches

from django.db import connection, transaction
from django.db.models import BooleanField, Case, FloatField, QuerySet, Value, When
from django.db.models.expressions import Expression, RawSQL

from search.results import MARK_END, MARK_START
from search.text import words

CONFIGS = ("english", "german")
HEADLINE_OPTIONS = (
    f'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)
SORTS = {
    "relevance": ("-rank", "-popularity", "-pk"),
    "newest": ("-published_at", "-pk"),
    "popular": ("-popularity", "-pk"),
}
MIN_TITLE_SIMILARITY = 0.25  # below this, a title is not "like" another unless it holds all its words
CLOSE_ENOUGH = 0.75  # difflib's ratio between a typed word and an indexed one


def _one(config: str, text: str, any_word: bool) -> tuple[str, list]:
    if any_word:
        return "replace(websearch_to_tsquery(%s::regconfig, %s)::text, ' & ', ' | ')::tsquery", [config, text]
    return "websearch_to_tsquery(%s::regconfig, %s)", [config, text]


def _tsquery(text: str, any_word: bool) -> tuple[str, list]:
    """The text as a query in both languages: a word matches in either."""
    parts = [_one(config, text, any_word) for config in CONFIGS]
    return "(" + " || ".join(sql for sql, _ in parts) + ")", [param for _, params in parts for param in params]


class _Matches(Expression):
    """`document @@ <query>` on the entry table under whatever alias it has in the
    query (a subquery renames it), so the GIN index answers directly: matching by
    `id IN (SELECT id … @@ …)` made PostgreSQL join the table to itself (100 ms at
    200 000 entries instead of 15)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, text: str, any_word: bool):
        super().__init__()
        self.text, self.any_word = text, any_word

    def as_sql(self, compiler, connection):
        sql, params = _tsquery(self.text, self.any_word)
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.document @@ {sql}", params

    def get_group_by_cols(self):
        return []


class PostgresDialect:
    @staticmethod
    def facets_of(entries: QuerySet) -> RawSQL:
        """The facet rows of these entries, looked up by their index: PostgreSQL runs
        `= ANY(ARRAY(…))` once and probes the index, where `IN (…)` made it scan every
        facet row (30 ms instead of 85 for a word in 5 000 entries)."""
        sql, params = entries.values("pk").query.sql_with_params()
        return RawSQL(  # noqa: S611 (the subquery's own SQL, its params bound)
            f'"search_entryfacet"."entry_id" = ANY(ARRAY({sql}))', params, output_field=BooleanField()
        )

    def matching(self, entries: QuerySet, text: str, any_word: bool) -> QuerySet:
        return entries.filter(_Matches(text, any_word))

    def ranked(self, entries: QuerySet, text: str, any_word: bool, sort: str = "relevance") -> QuerySet:
        sql, params = _tsquery(text, any_word)
        rank = RawSQL(  # noqa: S611 (params bound)
            # Normalised by the log of the length (like BM25, short precise titles win);
            # popularity nudges, it never decides.
            f"ts_rank(search_entry.document, {sql}, 1) * (1 + ln(1 + greatest(search_entry.popularity, 0)) / 20)",
            params,
            output_field=FloatField(),
        )
        return entries.annotate(rank=rank).order_by(*SORTS.get(sort, SORTS["relevance"]))

    def page(self, entries: QuerySet, text: str, any_word: bool, sort: str) -> list:
        """The ordered entries with a highlighted snippet of the body in each language;
        the hit uses whichever marked a word."""
        headlines = {}
        for config in CONFIGS:
            sql, params = _one(config, text, any_word)
            headlines[f"marked_{config}"] = RawSQL(  # noqa: S611 (params bound)
                f"ts_headline(%s::regconfig, search_entry.body, {sql}, %s)", [config, *params, HEADLINE_OPTIONS]
            )
        return _PickedHeadlines(self.ranked(entries, text, any_word, sort).annotate(**headlines))

    def similar(self, entries: QuerySet, kind: str, title: str, body: str, preferred, limit: int) -> list[int]:
        """Candidates from two indexes, at most a hundred each: titles similar letter by
        letter (trigrams: reordered words, typos, inflections) and entries holding every
        longer word of the title (stems); then ranked by both."""
        significant = " ".join(word for word in words(title)[:12] if len(word) > 3)
        if not words(title):
            return []
        every_word, params = _tsquery(significant, any_word=False)
        some_words, some_params = _tsquery(
            " ".join(word for word in words(title + " " + body)[:32] if len(word) > 3), True
        )
        # Nearest titles come from a GiST trigram index (k-nearest-neighbour order).
        nearest = "(SELECT id FROM search_entry WHERE kind = %s ORDER BY upper(title) <-> upper(%s) LIMIT 100)"
        holding = f"(SELECT id FROM search_entry WHERE kind = %s AND document @@ {every_word} LIMIT 100)"  # noqa: S608
        candidates = RawSQL(f"{nearest} UNION {holding}", [kind, title, kind, *params])  # noqa: S611 (params bound)
        alike = RawSQL(  # noqa: S611 (params bound)
            f"similarity(upper(search_entry.title), upper(%s)) >= %s OR search_entry.document @@ {every_word}",
            [title, MIN_TITLE_SIMILARITY, *params],
            output_field=BooleanField(),
        )
        score = RawSQL(  # noqa: S611 (params bound)
            f"ts_rank(search_entry.document, {some_words}, 1) + similarity(upper(search_entry.title), upper(%s))",
            [*some_params, title],
            output_field=FloatField(),
        )
        if preferred is not None:
            score = score + Case(When(preferred, then=Value(0.25)), default=Value(0.0), output_field=FloatField())
        ranked = (
            entries.filter(pk__in=candidates)
            .filter(alike)
            .annotate(score=score)
            .order_by("-score", "-popularity", "-pk")
        )
        return list(ranked.values_list("object_id", flat=True)[:limit])

    @staticmethod
    def after_rebuild() -> None:
        """Fresh statistics: a bulk load leaves the planner guessing otherwise."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")
            cursor.execute("ANALYZE search_entryfacet")

    def did_you_mean(self, text: str) -> str:
        """Each word that matches nothing, replaced by the most similar word of an
        indexed title (trigram similarity), if one is close enough."""
        typed = words(text)[:8]
        corrected = []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.3', true)")
            for word in typed:
                corrected.append(word if len(word) < 4 or word.isdigit() else self._closest(cursor, word))
        return " ".join(corrected) if corrected != typed else ""

    @staticmethod
    def _closest(cursor, word: str) -> str:
        cursor.execute(
            "SELECT numnode(q) = 0 OR EXISTS (SELECT 1 FROM search_entry WHERE document @@ q)"
            " FROM (SELECT plainto_tsquery('english', %s) || plainto_tsquery('german', %s) AS q) AS typed",
            [word, word],
        )
        if cursor.fetchone()[0]:
            return word
        # Trigrams find the titles with a similar word (GIN-indexed); the closest of
        # their words is picked by edit similarity, which forgives swapped letters too.
        cursor.execute(
            "SELECT DISTINCT regexp_split_to_table(lower(title), '[^[:alnum:]]+') FROM ("
            "  SELECT title FROM search_entry WHERE upper(%s) <%% upper(title) LIMIT 200"
            ") AS similar_titles",
            [word],
        )
        candidates = [candidate for (candidate,) in cursor.fetchall() if len(candidate) > 2]
        return next(iter(get_close_matches(word, candidates, n=1, cutoff=CLOSE_ENOUGH)), word)


class _PickedHeadlines:
    """Slices of the page queryset, each row's `marked` set from its language's headline."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset

    def __getitem__(self, item):
        rows = list(self.queryset[item])
        for row in rows:
            english, german = row.marked_english or "", row.marked_german or ""
            row.marked = english if MARK_START in english or MARK_START not in german else german
        return rows
