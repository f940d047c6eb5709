"""@mentions in comments: who can be named, who a text names, and their names as links.

Members have no handles: a mention is "@" and a display name, as the autocomplete
writes it. Names are looked up among the people of the conversation (the idea's
author, everyone who commented on it) and staff, longest name first, so that
"@Ada Lovelace" is Ada Lovelace even when an "Ada" took part too. Who a comment names
is stored with it (Comment.mentions): shown as links, told once (announcements)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from community.models import User
from ideas.models import Comment, Idea

SUGGESTED = 8
# Text inside these elements is code or already a link: never turned into a mention.
_SKIPPED = ("a", "code", "pre")


def candidates(idea: Idea) -> QuerySet[User]:
    """Who may be named in a comment on this idea: the people of its conversation and staff."""
    commenters = Comment.objects.published().filter(idea=idea).values("author_id")
    return User.objects.filter(
        Q(pk=idea.author_id) | Q(pk__in=commenters) | Q(is_staff=True), is_active=True, deleted_at__isnull=True
    ).exclude(display_name="")


def suggestions(idea: Idea, typed: str, viewer: User) -> list[dict]:
    """For the autocomplete: candidates whose name starts with (or has a word starting
    with) what was typed after "@"; the viewer is left out."""
    typed = " ".join(typed.split())[:80]
    people = candidates(idea).exclude(pk=viewer.pk)
    if typed:
        people = people.filter(Q(display_name__istartswith=typed) | Q(display_name__icontains=f" {typed}"))
    return [{"id": person.pk, "name": person.display_name} for person in people.order_by("display_name")[:SUGGESTED]]


def named_in(text: str, idea: Idea) -> list[User]:
    """The candidates this text names with "@Name", each once."""
    if "@" not in text:
        return []
    found: dict[int, User] = {}
    people = sorted(candidates(idea), key=lambda person: len(person.display_name), reverse=True)
    lowered = text.casefold()
    for person in people:
        pattern = re.compile(r"(?<![\w@])@" + re.escape(person.display_name.casefold()) + r"(?!\w)")
        match = pattern.search(lowered)
        if match:
            found[person.pk] = person
            # A longer name that matched is not also a shorter one's mention.
            lowered = lowered[: match.start()] + " " * len(match.group(0)) + lowered[match.end() :]
    return list(found.values())


def linked(html: SafeString, people: Iterable[User], profile_url) -> SafeString:
    """Rendered (already sanitised) HTML with each "@Name" of these people as a link to
    their profile; text in code and existing links is left alone."""
    people = sorted((p for p in people if p.is_active and p.display_name), key=lambda p: -len(p.display_name))
    if not people or "@" not in html:
        return html
    by_name = {escape(person.display_name).casefold(): person for person in people}
    pattern = re.compile(r"(?<![\w@])@(" + "|".join(re.escape(name) for name in by_name) + r")(?![\w])", re.IGNORECASE)
    depth = 0
    parts = []
    for piece in re.split(r"(<[^>]+>)", str(html)):
        if piece.startswith("<"):
            tag = re.match(r"</?\s*([a-z0-9]+)", piece, re.IGNORECASE)
            if tag and tag.group(1).lower() in _SKIPPED and not piece.endswith("/>"):
                depth += -1 if piece.startswith("</") else 1
            parts.append(piece)
        elif depth > 0:
            parts.append(piece)
        else:
            parts.append(pattern.sub(lambda m: _link(m, by_name, profile_url), piece))
    return mark_safe("".join(parts))  # noqa: S308 (the pieces were sanitised HTML; the links are escaped)


def _link(match: re.Match, by_name: dict[str, User], profile_url) -> str:
    person = by_name[match.group(1).casefold()]
    return format_html('<a class="mention" href="{}">@{}</a>', profile_url(person), person.display_name)
