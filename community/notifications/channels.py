"""Which channel each member chose for each topic, and changing it with a record.

Each topic (community.notifications.topics) brings its default, conservative
(permission, not push), and the channels it allows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from community.errors import InvalidInput
from community.models import Channel, ChannelPreference, ConsentChange, Notification, User
from community.notifications.topics import all_topics, get_topic, is_topic

EMAILED = (Channel.EMAIL, Channel.DAILY, Channel.WEEKLY)


def channels_of(member: User) -> dict[str, str]:
    """Every topic with the member's channel for it, in the order members see them."""
    chosen = dict(ChannelPreference.objects.filter(member=member).values_list("topic", "channel"))
    return {topic.key: chosen.get(topic.key, topic.default) for topic in all_topics()}


def channel_for_each(member_ids: Iterable[int], topic: str) -> dict[int, str]:
    """The channel of each member for one topic, in one query."""
    ids = list(member_ids)
    chosen = dict(ChannelPreference.objects.filter(member_id__in=ids, topic=topic).values_list("member_id", "channel"))
    default = get_topic(topic).default
    return {member_id: chosen.get(member_id, default) for member_id in ids}


def set_channels(
    member: User, wanted: dict[str, str], *, source: str, by: User | None = None, ip_address: str | None = None
) -> list[ConsentChange]:
    """Sets the member's channel for each topic in wanted; records each real change.

    Notifications still waiting for a digest follow the new choice: a topic switched
    away from a digest is not emailed later by the digest it left.
    """
    errors = {}
    for topic, channel in wanted.items():
        if not is_topic(topic):
            errors[topic] = [_("Unknown topic.")]
        elif channel not in get_topic(topic).allowed:
            labels = ", ".join(str(Channel(choice).label) for choice in get_topic(topic).allowed)
            errors[topic] = [_("Choose one of: %(choices)s.") % {"choices": labels}]
    if errors:
        raise InvalidInput(**errors)
    changes = []
    with transaction.atomic():
        current = channels_of(member)
        for topic, channel in wanted.items():
            if current[topic] == channel:
                continue
            ChannelPreference.objects.update_or_create(member=member, topic=topic, defaults={"channel": channel})
            changes.append(
                ConsentChange.objects.create(
                    member=member,
                    topic=topic,
                    previous=current[topic],
                    channel=channel,
                    source=source,
                    changed_by=by,
                    ip_address=ip_address,
                )
            )
            _repoint_pending(member, topic, channel)
    return changes


def stop_emails(
    member: User, topics: Iterable[str], *, source: str, ip_address: str | None = None
) -> list[ConsentChange]:
    """What an unsubscribe link does: the topics are no longer emailed (still shown on
    the site where that is a choice, else off)."""
    wanted: dict[str, str] = {}
    for topic in topics:
        if is_topic(topic):
            allowed = get_topic(topic).allowed
            wanted[topic] = Channel.IN_APP if Channel.IN_APP in allowed else Channel.NONE
    return set_channels(member, wanted, source=source, ip_address=ip_address)


def _repoint_pending(member: User, topic: str, channel: str) -> None:
    pending = Notification.objects.filter(
        recipient=member, topic=topic, channel__in=[Channel.DAILY, Channel.WEEKLY], digest_run__isnull=True
    )
    if channel in (Channel.DAILY, Channel.WEEKLY):
        pending.update(channel=channel)
    else:
        pending.update(channel=Channel.IN_APP)


def keep_on_site(member_ids: Iterable[int]) -> None:
    """For generated members (the demo): topics emailed by default stay on the site."""
    emailed = [topic.key for topic in all_topics() if topic.default in EMAILED]
    ChannelPreference.objects.bulk_create(
        [
            ChannelPreference(member_id=pk, topic=topic, channel=Channel.IN_APP)
            for pk in member_ids
            for topic in emailed
        ],
        batch_size=2_000,
        ignore_conflicts=True,
    )
