"""Daily and weekly email digests, for members who chose a digest for some topic.

A round (DigestRun) goes through members in order of id, a batch at a time, and
records how far it got, so a round interrupted half-way (a worker lost, a mail server
down) goes on where it stopped. Each member's digest is claimed by a unique row
before it is sent and its notifications are marked with the round, so nobody gets a
second copy, and a member with nothing to read gets no email at all.

Feature apps add sections to the weekly digest (e.g. the most-voted new ideas on the
member's products) given to SECTIONS; a section is only for members who chose
the weekly highlights.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from community import emails
from community.emails import render_email
from community.models import (
    Channel,
    ChannelPreference,
    DigestDelivery,
    DigestRun,
    Notification,
    User,
)
from community.notifications import unsubscribe
from community.notifications.topics import get_topic
from community.plugins import Point

BATCH_SIZE = 200
MAX_ITEMS = 50  # in one email; the rest wait on the site
STALLED_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Line:
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[Line]
    topic: str = ""  # what the member chose weekly for, to read it


# collect(member_ids, since) -> {member_id: [Line]}; called with the members' language active.
Collector = Callable[[list[int], datetime], dict[int, list[Line]]]


@dataclass(frozen=True)
class DigestSection:
    """A section feature apps add to the weekly digest: its heading, its lines, and the
    topic members choose "weekly" for to read it."""

    heading: Callable[[], str]
    collect: Collector
    topic: str

    @property
    def name(self) -> str:
        return self.collect.__name__


SECTIONS: Point[DigestSection] = Point("digest sections", DigestSection)


@dataclass
class Digest:
    """What one member's email holds: their pending notifications and the highlights."""

    member: User
    items: list[Notification] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.items and not any(section.lines for section in self.sections)


def period_of(rhythm: str, now: datetime) -> date:
    today = timezone.localdate(now)
    return today - timedelta(days=today.weekday()) if rhythm == Channel.WEEKLY else today


def start_run(rhythm: str, now: datetime | None = None) -> DigestRun:
    """The round for this period; starting it twice (two beat processes) gives the same round."""
    if rhythm not in DigestRun.Rhythm.values:
        raise ValueError(f"Unknown digest rhythm: {rhythm!r}")
    now = now or timezone.now()
    run, _ = DigestRun.objects.get_or_create(rhythm=rhythm, period=period_of(rhythm, now), defaults={"started_at": now})
    return run


def send_batches(run_id: int, budget_seconds: float = 50.0) -> bool:
    """Sends batches of the round until it is done or the budget is spent; returns
    whether members remain (the task then hands on to a fresh task)."""
    deadline = time.monotonic() + budget_seconds
    while send_batch(run_id):
        if time.monotonic() >= deadline:
            return True
    return False


def send_batch(run_id: int) -> bool:
    """Sends the next batch of the round; returns whether there may be more."""
    run = DigestRun.objects.get(pk=run_id)
    if run.finished_at is not None:
        return False
    ids = _next_members(run)
    if not ids:
        DigestRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(
            finished_at=timezone.now(), updated_at=timezone.now()
        )
        return False
    # One connection to the mail server (or provider) for the whole batch, not one per email.
    with get_connection() as connection:
        for digest in _assemble(run, ids):
            _deliver(run, digest, connection)
    DigestRun.objects.filter(pk=run.pk).update(updated_at=timezone.now())
    DigestRun.objects.filter(pk=run.pk, cursor__lt=ids[-1]).update(cursor=ids[-1])
    return True


def stalled_runs() -> list[int]:
    """Rounds that stopped moving (their task was lost): the beat hands them on again."""
    quiet_since = timezone.now() - STALLED_AFTER
    return list(
        DigestRun.objects.filter(finished_at__isnull=True, updated_at__lt=quiet_since).values_list("pk", flat=True)
    )


def _pending(run: DigestRun):
    return Notification.objects.filter(channel=run.rhythm, digest_run__isnull=True, created_at__lt=run.started_at)


def _next_members(run: DigestRun) -> list[int]:
    with_items = (
        _pending(run)
        .filter(recipient_id__gt=run.cursor)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:BATCH_SIZE]
    )
    ids = set(with_items)
    if run.rhythm == Channel.WEEKLY:
        ids |= set(
            _section_readers()
            .filter(member_id__gt=run.cursor)
            .order_by("member_id")
            .values_list("member_id", flat=True)[:BATCH_SIZE]
        )
    return sorted(ids)[:BATCH_SIZE]


def _section_readers(topics: set[str] | None = None):
    """Who chose "weekly" for the topic of some section (or of these topics)."""
    wanted = topics if topics is not None else {section.topic for section in SECTIONS}
    return ChannelPreference.objects.filter(topic__in=wanted, channel=Channel.WEEKLY)


def _assemble(run: DigestRun, ids: list[int], *, claimed: bool = False) -> list[Digest]:
    """The digests of these members: their pending items, or (claimed) the items this
    run has claimed for them already."""
    members = User.objects.filter(pk__in=ids, is_active=True).order_by("pk")
    digests = {member.pk: Digest(member) for member in members}
    items = Notification.objects.filter(digest_run=run) if claimed else _pending(run)
    for item in items.filter(recipient_id__in=digests).order_by("created_at", "pk"):
        digests[item.recipient_id].items.append(item)
    if run.rhythm == Channel.WEEKLY and list(SECTIONS):
        since = run.started_at - timedelta(days=7)
        for registered in SECTIONS:
            readers = _section_readers({registered.topic}).filter(member_id__in=digests)
            by_language = defaultdict(list)
            for member_id in readers.values_list("member_id", flat=True):
                by_language[digests[member_id].member.language].append(member_id)
            for language, member_ids in by_language.items():
                with translation.override(language):
                    found = registered.collect(member_ids, since)
                    heading = str(registered.heading())
                for member_id in member_ids:
                    digests[member_id].sections.append(Section(heading, found.get(member_id, []), registered.topic))
    return list(digests.values())


def _deliver(run: DigestRun, digest: Digest, connection: BaseEmailBackend | None = None) -> int:
    """Claims and sends one member's digest; returns 1 if this call sent it."""
    if digest.is_empty():
        return 0
    member = digest.member
    item_ids = [item.pk for item in digest.items]
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(run=run, member=member, items=len(item_ids))
            Notification.objects.filter(pk__in=item_ids, digest_run__isnull=True).update(
                digest_run=run, emailed_at=timezone.now()
            )
    except IntegrityError:
        return 0  # sent before this round was interrupted
    try:
        _email(run, digest, connection)
    except Exception:
        with transaction.atomic():  # give the claim back so that the retry sends it
            Notification.objects.filter(pk__in=item_ids, digest_run=run).update(digest_run=None, emailed_at=None)
            delivery.delete()
        raise
    DigestDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return 1


def resend_stalled() -> int:
    """Sends again the digests a worker claimed and died before it had sent (their
    items stay claimed by the run), each with the Message-ID of the first attempt.
    For beat; returns how many went."""
    sent = 0
    stale = emails.stale_claims()
    for delivery in DigestDelivery.objects.filter(sent_at__isnull=True, claimed_at__lt=stale).select_related("run")[
        :BATCH_SIZE
    ]:
        taken = DigestDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True, claimed_at__lt=stale).update(
            claimed_at=timezone.now()
        )
        if not taken:
            continue  # another sweep has it
        for digest in _assemble(delivery.run, [delivery.member_id], claimed=True):
            if not digest.is_empty():
                _email(delivery.run, digest)
        DigestDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def _email(run: DigestRun, digest: Digest, connection: BaseEmailBackend | None = None) -> None:
    member = digest.member
    topics = {item.topic for item in digest.items}
    topics |= {section.topic for section in digest.sections if section.lines}
    with translation.override(member.language):
        groups = defaultdict(list)
        for item in digest.items[:MAX_ITEMS]:
            groups[get_topic(item.topic).label].append(item)
        link = unsubscribe.url(member, topics)
        context = {
            "member": member,
            "rhythm": run.rhythm,
            "groups": [(str(label), items) for label, items in groups.items()],
            "more": max(0, len(digest.items) - MAX_ITEMS),
            "count": len(digest.items) + sum(len(section.lines) for section in digest.sections),
            "sections": [section for section in digest.sections if section.lines],
            "site_url": settings.BASE_URL,
            "unsubscribe_url": link,
        }
        headers = {**unsubscribe.headers(link), "Message-ID": emails.message_id("digest", run.pk, member.pk)}
        message = render_email("digest", context, headers)
        message.connection = connection
        message.send()


def pending_for(member: User) -> int:
    """How many of the member's notifications wait for a digest (shown on their settings)."""
    return Notification.objects.filter(
        recipient=member, channel__in=DigestRun.Rhythm.values, digest_run__isnull=True
    ).count()
