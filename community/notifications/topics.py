"""The kinds of news a member chooses a channel for. Each app gives its own topics to
TOPICS from its extensions module (ideas: status changes, replies, ...); the community
layer has one of its own, ACCOUNT. A topic is the string stored in the database,
with its label, its default channel and the channels it allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from community.models import Channel
from community.plugins import Point

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EVERY_CHANNEL = (Channel.IN_APP, Channel.EMAIL, Channel.DAILY, Channel.WEEKLY, Channel.NONE)


class Topic(str):
    """A topic is its key ("idea_status"), a string like any other, that knows its
    label, its default channel (conservative: permission, not push), the channels it
    allows, and its place in the list members see."""

    label: StrOrPromise
    default: str
    allowed: tuple[str, ...]
    position: int

    def __new__(
        cls, key: str, label: StrOrPromise, default: str, allowed: tuple[str, ...] = EVERY_CHANNEL, position: int = 100
    ) -> Topic:
        topic = super().__new__(cls, key)
        topic.label, topic.default, topic.allowed, topic.position = label, default, allowed, position
        return topic

    @property
    def key(self) -> str:
        return str.__str__(self)


TOPICS: Point[Topic] = Point("notification topics", Topic)

# Members always hear about decisions on their account and posts, at least on the site.
ACCOUNT = Topic(
    "account", _("Decisions about my account and my posts"), Channel.EMAIL, (Channel.IN_APP, Channel.EMAIL), 70
)


def all_topics() -> list[Topic]:
    """In the order members see them."""
    return sorted(TOPICS, key=lambda topic: topic.position)


def is_topic(key: str) -> bool:
    return any(topic == key for topic in TOPICS)


def get_topic(key: str) -> Topic:
    for topic in TOPICS:
        if topic == key:
            return topic
    raise KeyError(key)


def choices() -> list[tuple[str, StrOrPromise]]:
    """For the models' topic fields (a callable, so that apps may add topics)."""
    return [(topic.key, topic.label) for topic in all_topics()]
