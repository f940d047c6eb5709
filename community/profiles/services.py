"""A member's public profile and the staff's one-customer timeline, assembled from
what each feature app contributes (community knows no feature).

Profile sections show only published content; timeline sources show everything a
member did and every official answer they got, for staff, so that no customer has
to repeat themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from community.errors import InvalidInput
from community.markdown import plain_text
from community.models import User
from community.pictures import images
from community.plugins import Point
from community.rules import clean_text, collect_errors

AVATAR_LIMITS = images.Limits(max_bytes=2 * 1024 * 1024, max_side=4_000, max_pixels=4_000 * 4_000)
AVATAR_SIDE = 256  # stored pictures are re-encoded to at most this
TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class Item:
    """One line of a profile section or of the timeline."""

    when: datetime
    title: str
    url: str = ""
    excerpt: str = ""
    kind: str = ""  # e.g. "Idea", "Vote", "Official answer received"
    note: str = ""  # e.g. "Planned · 12 votes", "hidden: spam"


@dataclass(frozen=True)
class Section:
    key: str
    label: Callable[[], str]
    items: Callable[[User, int], tuple[int, list[Item]]]  # (member, limit) -> (total, newest items)


SECTIONS: Point[Section] = Point("profile sections", Section)
# Each source: (member, limit) -> the member's newest `limit` items of its kind.
TIMELINE_SOURCES: Point[Callable[[User, int], list[Item]]] = Point("timeline sources", Callable)


def sections(member: User, limit: int = 10) -> list[tuple[str, str, int, list[Item]]]:
    """(key, label, total, newest items) for each section of the member's public profile."""
    result = []
    for section in SECTIONS:
        total, items = section.items(member, limit)
        result.append((section.key, str(section.label()), total, items))
    return result


def timeline(member: User, limit: int = TIMELINE_LIMIT) -> list[Item]:
    """Everything, newest first: each source gives its newest `limit`, the merge keeps `limit`."""
    items = [item for source in TIMELINE_SOURCES for item in source(member, limit)]
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]


def excerpt(markdown: str, length: int = 200) -> str:
    text = plain_text(markdown)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def update_profile(
    member: User, *, display_name: str, bio: str, avatar: UploadedFile | None, remove_avatar: bool
) -> User:
    """The member's own name, words about themselves and picture."""

    def check_avatar() -> None:
        problem = avatar_problem(avatar) if avatar is not None else ""
        if problem:
            raise InvalidInput(avatar=[problem])

    def check_company_owned() -> None:
        # The company's login owns these (community.identity): the form shows them read-only.
        owned = member.company_profile
        if "name" in owned and " ".join(display_name.split()) != member.display_name:
            raise InvalidInput(display_name=[_("Your name comes from your company's account; change it there.")])
        if "avatar" in owned and (avatar is not None or remove_avatar):
            raise InvalidInput(avatar=[_("Your picture comes from your company's account; change it there.")])

    display_name, bio, _checked, _owned = collect_errors(
        lambda: clean_text("display_name", display_name, 80, required=True),
        lambda: clean_text("bio", bio, 500, required=False),
        check_avatar,
        check_company_owned,
    )
    member.display_name, member.bio = " ".join(display_name.split()), bio
    member.save(update_fields=["display_name", "bio"])
    if avatar is not None:
        replace_avatar(member, avatar)
    elif remove_avatar and member.avatar:
        old = member.avatar.name
        member.avatar = ""
        member.save(update_fields=["avatar"])
        member.avatar.storage.delete(old)
    return member


def replace_avatar(member: User, upload: UploadedFile) -> None:
    """Stores a checked picture (avatar_problem) as the member's, and removes the old file."""
    old = member.avatar.name if member.avatar else ""
    member.avatar.save("avatar.jpg", _normalised(upload), save=False)
    member.save(update_fields=["avatar"])
    if old and old != member.avatar.name:
        member.avatar.storage.delete(old)


def _normalised(upload: UploadedFile) -> ContentFile:
    """The picture as a small JPEG (community.pictures.images: upright, no metadata)."""
    return images.reencoded(upload, AVATAR_SIDE, kind="JPEG").content


def avatar_problem(upload: UploadedFile) -> str:
    return images.problem(upload, AVATAR_LIMITS)
