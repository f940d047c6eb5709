"""Follow and unfollow anything; the feature that owns the target keeps its own counter."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from community.models import Follow, User


def _key(target: models.Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


def follow(member: User, target: models.Model) -> bool:
    """Makes member follow target; returns whether this call started the follow.
    Looks first: most calls (every vote after the first) find the follow there, and a
    refused INSERT costs PostgreSQL a dead row and an error in its log."""
    key = _key(target)
    if Follow.objects.filter(member=member, **key).exists():
        return False
    try:
        with transaction.atomic():
            Follow.objects.create(member=member, **key)
    except IntegrityError:
        return False  # already following: the unique constraint is the final word
    return True


def unfollow(member: User, target: models.Model) -> bool:
    """Stops the follow; returns whether there was one."""
    deleted, _ = Follow.objects.filter(member=member, **_key(target)).delete()
    return bool(deleted)


def is_following(member: User, target: models.Model) -> bool:
    return member.is_authenticated and Follow.objects.filter(member=member, **_key(target)).exists()


def followers_of(target: models.Model) -> models.QuerySet[User]:
    key = _key(target)
    return User.objects.filter(
        follows__content_type=key["content_type"], follows__object_id=key["object_id"], is_active=True
    )


def move_followers(source: models.Model, destination: models.Model) -> int:
    """Moves source's followers to destination, without duplicates; returns how many follow it now."""
    source_key, destination_key = _key(source), _key(destination)
    already = Follow.objects.filter(**destination_key).values("member_id")
    Follow.objects.filter(**source_key).exclude(member_id__in=already).update(
        content_type=destination_key["content_type"], object_id=destination.pk
    )
    Follow.objects.filter(**source_key).delete()
    return Follow.objects.filter(**destination_key).count()
