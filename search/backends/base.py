"""What every search engine does. Views, the API and other apps never call an engine
directly: they use search.interface, which picks the engine and falls back."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.registry import Record
from search.results import Hit, Query

Progress = Callable[[int], None]  # told how many records were just written


class Unavailable(Exception):
    """The engine cannot answer now (cluster down, index missing): use another."""


@dataclass
class EngineResults:
    """An engine's answer, before the interface loads the objects."""

    hits: list[Hit]
    total: int
    kind_counts: dict[str, int]
    facets: dict[str, dict[str, int]]  # facet name -> value -> count


class Engine(ABC):
    name: str

    @abstractmethod
    def search(self, query: Query, any_word: bool = False) -> EngineResults:
        """Hits for the query's text, filters and page. any_word: a hit needs only one
        of the words (the interface asks again this way when all words found nothing)."""

    @abstractmethod
    def ids(self, kind: str, text: str, limit: int) -> list[int]:
        """The pks of the best matches of one kind, best first."""

    @abstractmethod
    def similar(self, kind: str, title: str, body: str, filters: dict[str, str], limit: int) -> list[int]:
        """The pks of objects most like this text (near-duplicates first); objects
        matching filters rank higher, the others are not excluded."""

    @abstractmethod
    def suggest(self, prefix: str, kinds: tuple[str, ...], limit: int) -> list[Hit]:
        """Titles that complete what is being typed, most popular first."""

    @abstractmethod
    def did_you_mean(self, text: str) -> str:
        """The text with misspelt words replaced by indexed ones, or ""."""

    @abstractmethod
    def index(self, records: list[Record]) -> None: ...

    @abstractmethod
    def remove(self, kind: str, pks: Iterable[int]) -> None: ...

    @abstractmethod
    def rebuild(self, kind: str, records: Iterable[Record], progress: Progress) -> int:
        """Replace the kind's whole index with these records, readers seeing the old
        index until the new one is complete. Returns how many were written."""

    @abstractmethod
    def fingerprints(self, kind: str) -> dict[int, str]:
        """pk -> fingerprint of everything indexed for the kind (for the check)."""

    @abstractmethod
    def set_popularity(self, kind: str, changes: dict[int, int]) -> None: ...

    def problem(self) -> str:
        """Why the engine cannot answer now, or "" when it can."""
        return ""
