"""Pictures on posts: checked, re-encoded and attached in the post's own transaction,
listed for many posts at once, removed by their author. Feature services (ideas,
comments, reviews) call these; a picture is shown wherever its post is shown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from community.errors import InvalidInput
from community.models import Picture, User
from community.pictures import images

LIMITS = images.Limits(max_bytes=8 * 1024 * 1024, max_side=10_000, max_pixels=40_000_000)
PER_POST = 4
SIDE = 2_000  # the shown picture, at most this on its longer side
THUMBNAIL_SIDE = 480


@dataclass(frozen=True)
class Upload:
    file: UploadedFile
    alt_text: str
    field: str = "pictures"  # where a form shows what is wrong with it


def check(uploads: Sequence[Upload], already: int = 0) -> None:
    """Every problem with these uploads at once, as InvalidInput by field."""
    problems: dict[str, list[str]] = defaultdict(list)
    if already + len(uploads) > PER_POST:
        problems["pictures"].append(_("At most %(count)d pictures per post.") % {"count": PER_POST})
    for upload in uploads:
        if problem := images.problem(upload.file, LIMITS):
            problems[upload.field].append(problem)
        alt = " ".join(upload.alt_text.split())
        if not alt:
            problems[upload.field].append(_("Describe the picture for those who cannot see it."))
        elif len(alt) > Picture.ALT_MAX:
            problems[upload.field].append(
                _("Please keep the description under %(limit)d characters.") % {"limit": Picture.ALT_MAX}
            )
    if problems:
        raise InvalidInput(**problems)


def attach(post: Model, uploads: Sequence[Upload], by: User) -> list[Picture]:
    """Stores checked uploads (check() first) with the post; call inside its transaction."""
    content_type = ContentType.objects.get_for_model(post)
    start = Picture.objects.filter(content_type=content_type, object_id=post.pk).count()
    stored = []
    for position, upload in enumerate(uploads, start=start):
        shown = images.reencoded(upload.file, SIDE)
        small = images.reencoded(upload.file, THUMBNAIL_SIDE, quality=80)
        picture = Picture(
            content_type=content_type,
            object_id=post.pk,
            uploaded_by=by,
            alt_text=" ".join(upload.alt_text.split()),
            position=position,
            width=shown.width,
            height=shown.height,
        )
        picture.image.save("picture.webp", shown.content, save=False)
        picture.thumbnail.save("picture.webp", small.content, save=False)
        picture.save()
        stored.append(picture)
    return stored


def remove(post: Model, picture_ids: Iterable[int]) -> int:
    """Takes these pictures off the post and deletes their files; the caller checked who may."""
    content_type = ContentType.objects.get_for_model(post)
    doomed = list(Picture.objects.filter(content_type=content_type, object_id=post.pk, pk__in=list(picture_ids)))
    for picture in doomed:
        delete_files(picture)
    Picture.objects.filter(pk__in=[picture.pk for picture in doomed]).delete()
    return len(doomed)


def delete_files(picture: Picture) -> None:
    for field in (picture.image, picture.thumbnail):
        if field:
            field.storage.delete(field.name)


def on(post: Model) -> list[Picture]:
    return list(Picture.objects.filter(content_type=ContentType.objects.get_for_model(post), object_id=post.pk))


def count_on(post: Model) -> int:
    return Picture.objects.filter(content_type=ContentType.objects.get_for_model(post), object_id=post.pk).count()


def of(posts: Iterable[Model]) -> dict[tuple[int, int], list[Picture]]:
    """The pictures of many posts (of any kinds) in one query, by (content type id, pk)."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for post in posts:
        by_type[ContentType.objects.get_for_model(post).pk].add(post.pk)
    if not by_type:
        return {}
    wanted = Q()
    for type_id, ids in by_type.items():
        wanted |= Q(content_type_id=type_id, object_id__in=ids)
    found: dict[tuple[int, int], list[Picture]] = defaultdict(list)
    for picture in Picture.objects.filter(wanted):
        found[(picture.content_type_id, picture.object_id)].append(picture)
    return found


def attach_to(posts: Iterable[Model]) -> None:
    """Sets `picture_list` on each post (for templates), in one query."""
    posts = list(posts)
    found = of(posts)
    for post in posts:
        setattr(post, "picture_list", found.get((ContentType.objects.get_for_model(post).pk, post.pk), []))  # noqa: B010
