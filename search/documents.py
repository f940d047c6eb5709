"""The Elasticsearch document every searchable kind extends with its own facet
fields (keywords). Titles and bodies are analysed three ways: as written (for
typos and highlights), and with English and German stemming."""

from __future__ import annotations

from elasticsearch_dsl import Completion, Date, Document, Integer, Keyword, MetaField, Text

from search.registry import Record
from search.text import words


def _analysed_text() -> Text:
    return Text(analyzer="standard", fields={"en": Text(analyzer="english"), "de": Text(analyzer="german")})


def completions(title: str) -> list[str]:
    """The title from each of its words on, so that typing a word from its middle completes it too."""
    parts = title.split()
    return [" ".join(parts[start:]) for start in range(min(len(parts), 8)) if words(parts[start])]


class SearchDocument(Document):
    kind = Keyword()
    title = _analysed_text()
    body = _analysed_text()
    suggest = Completion()
    popularity = Integer()
    published_at = Date()
    fingerprint = Keyword(index=False)

    class Meta:
        dynamic = MetaField("strict")  # a facet a kind forgot to declare fails loudly

    @classmethod
    def from_record(cls, record: Record) -> SearchDocument:
        return cls(
            meta={"id": record.pk},
            kind=record.kind,
            title=record.title,
            body=record.body,
            suggest={
                "input": completions(record.title) or [record.title],
                "weight": min(record.popularity, 10_000) + 1,
            },
            popularity=record.popularity,
            published_at=record.published_at,
            fingerprint=record.fingerprint,
            **{name: list(values) for name, values in record.facets.items()},
        )
