"""One-click unsubscribe links: signed, so they work without signing in and cannot be
turned against another member or another topic."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.urls import reverse

from community.models import User
from community.notifications.topics import is_topic

_SALT = "community.unsubscribe"


class InvalidLink(Exception):
    """The link was altered, cut short, or names a member who is gone."""


def token(member: User, topics: Iterable[str]) -> str:
    return signing.dumps({"m": member.pk, "t": sorted(set(topics))}, salt=_SALT, compress=True)


def url(member: User, topics: Iterable[str]) -> str:
    return settings.BASE_URL + reverse("unsubscribe", args=[token(member, topics)])


def headers(link: str) -> dict[str, str]:
    """RFC 8058: mail programs show their own "unsubscribe" and POST to the link."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def read(value: str) -> tuple[User, list[str]]:
    try:
        data = signing.loads(value, salt=_SALT)
        member = User.objects.get(pk=int(data["m"]), is_active=True)
        topics = [topic for topic in data["t"] if is_topic(topic)]
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError) as error:
        raise InvalidLink from error
    if not topics:
        raise InvalidLink
    return member, topics
