"""The searchable kinds. Each feature app declares in its own documents.py what of
it can be found (a Kind) and gives it to KINDS from its extensions module; `search`
knows kinds only through this point, never the feature apps themselves."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Model, QuerySet

from community.plugins import Point


@dataclass(frozen=True)
class Record:
    """What an engine stores for one object: the same for every engine."""

    kind: str
    pk: int
    title: str
    body: str
    facets: dict[str, list[str]]  # facet name -> values (slugs, numbers as text)
    popularity: int  # votes, helpful votes: ranks well-liked content a little higher
    published_at: datetime

    @property
    def fingerprint(self) -> str:
        """Changes when what is searchable changes; popularity is refreshed apart
        (every vote would otherwise make the whole index stale)."""
        content = [self.title, self.body, sorted((k, sorted(v)) for k, v in self.facets.items()), self.published_at]
        return hashlib.sha1(json.dumps(content, default=str).encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Facet:
    """A filter the search page offers, with how its values read to people."""

    name: str
    label: str
    labels: Callable[[Iterable[str]], dict[str, str]] = lambda values: {value: value for value in values}


@dataclass(frozen=True)
class Kind:
    name: str  # "idea": in URLs, the API and index names
    label: str  # "Ideas", for tabs
    model: type[Model]
    indexable: Callable[[], QuerySet]  # everything that may be found: published only
    record: Callable[[Model], Record]
    url: Callable[..., str]  # (obj, request=None): where a hit leads
    facets: tuple[Facet, ...] = ()  # each a keyword field of the kind's index in a cluster
    popularity: Callable[[], QuerySet] | None = None  # (pk, popularity) pairs, for the periodic refresh
    template: str = "search/includes/hit.html"  # how a hit of this kind reads on the search page
    position: int = 0  # order of the kind tabs
    # When nothing is found: (label, url) inviting the member to post what they looked for.
    invitation: Callable[..., tuple[str, str] | None] | None = None

    def load(self, pks: Iterable[int]) -> dict[int, Model]:
        """The objects for these hits, still indexable right now (the index may lag)."""
        return self.indexable().in_bulk(list(pks))


KINDS: Point[Kind] = Point("search kinds", Kind)


def kinds() -> list[Kind]:
    return sorted(KINDS, key=lambda kind: kind.position)


def get(name: str) -> Kind:
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(name)


def names() -> list[str]:
    return [kind.name for kind in kinds()]


def facets() -> dict[str, Facet]:
    """Every facet by name; kinds sharing a facet (product) share its first definition."""
    found: dict[str, Facet] = {}
    for kind in kinds():
        for facet in kind.facets:
            found.setdefault(facet.name, facet)
    return found


def kind_of(obj: Model) -> Kind | None:
    return kind_for(type(obj))


def kind_for(model: type[Model]) -> Kind | None:
    return next((kind for kind in KINDS if issubclass(model, kind.model)), None)
