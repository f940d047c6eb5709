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
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from community.errors import InvalidInput
from community.markdown import plain_text
from community.models import User
from community.plugins import Point
from community.rules import clean_text, collect_errors

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_SIDE = 4_000
AVATAR_MAX_PIXELS = AVATAR_MAX_SIDE * AVATAR_MAX_SIDE  # all frames of an animated picture together
AVATAR_SIDE = 256  # stored pictures are re-encoded to at most this
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
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
        problem = _avatar_problem(avatar) if avatar is not None else ""
        if problem:
            raise InvalidInput(avatar=[problem])

    display_name, bio, _checked = collect_errors(
        lambda: clean_text("display_name", display_name, 80, required=True),
        lambda: clean_text("bio", bio, 500, required=False),
        check_avatar,
    )
    member.display_name, member.bio = " ".join(display_name.split()), bio
    old = member.avatar.name if member.avatar else ""
    if avatar is not None:
        member.avatar.save("avatar.jpg", _normalised(avatar), save=False)
    elif remove_avatar:
        member.avatar = ""
    member.save(update_fields=["display_name", "bio", "avatar"])
    if old and old != (member.avatar.name if member.avatar else ""):
        member.avatar.storage.delete(old)
    return member


def _normalised(upload: UploadedFile) -> ContentFile:
    """The picture re-encoded as a JPEG of at most AVATAR_SIDE pixels: upright, small,
    and without the metadata cameras write into files (such as where it was taken)."""
    with Image.open(upload) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((AVATAR_SIDE, AVATAR_SIDE))
    output = BytesIO()
    upright.save(output, "JPEG", quality=85)
    return ContentFile(output.getvalue())


def _avatar_problem(upload: UploadedFile) -> str:
    if (upload.size or 0) > AVATAR_MAX_BYTES:
        return _("The picture is larger than 2 MB.")
    data = upload.read()
    upload.seek(0)
    too_large = _("The picture is too large: at most 4000 pixels on each side.")
    try:
        # Opening reads the header only: the size is known before a pixel is decoded.
        with Image.open(BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if max(width, height) > AVATAR_MAX_SIDE:
                return too_large
            if width * height * getattr(image, "n_frames", 1) > AVATAR_MAX_PIXELS:
                return _("An animated picture may hold at most 16 million pixels in all its frames.")
            image.verify()
    except Image.DecompressionBombError:  # larger still than Pillow's own limit
        return too_large
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return _("This file is not a picture we can show: use JPEG, PNG, WebP or GIF.")
    if kind not in AVATAR_FORMATS:
        return _("This file is not a picture we can show: use JPEG, PNG, WebP or GIF.")
    return ""
