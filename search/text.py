"""Reading what people type into a search box, whatever they type."""

from __future__ import annotations

import re

from search.results import MAX_QUERY_LENGTH, unmarked

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]+)"')


def clean(text: str) -> str:
    """Printable text of at most MAX_QUERY_LENGTH characters, spaces collapsed."""
    text = "".join(char if char.isprintable() else " " for char in unmarked(text or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words(text: str) -> list[str]:
    """The words of text, lower-cased, in order, without repeats: punctuation and
    query syntax (quotes, colons, brackets, operators) are never special."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        seen.setdefault(word.replace("_", ""), None)
    return [word for word in seen if word]


def phrases(text: str) -> list[list[str]]:
    """Quoted phrases (balanced quotes only) as word lists; the rest as one-word phrases."""
    found = [words(match) for match in _PHRASE.findall(text)]
    rest = _PHRASE.sub(" ", text)
    return [phrase for phrase in found if phrase] + [[word] for word in words(rest)]


def indexable_text(text: str) -> str:
    """Text as engines should store it: no highlight markers, no control characters."""
    return "".join(char if char.isprintable() or char in "\n\t" else " " for char in unmarked(text or ""))
