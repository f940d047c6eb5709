"""The buyer-type archetype of each member, computed from what they measurably do.

Each feature app measures its part of a member's activity (MEASURES); the
periodic task adds the parts up and applies the rules below, in order, first match.
The rules are the definition: change them here, and their tests with them.

- expert: others mark their comments and reviews helpful (or accept them as the
  answer): at least 5 such marks, an accepted answer counting 3.
- salesman: their ideas gather votes from many others: at least 20 votes from others
  and at least 10 per idea posted.
- connector: follows and interacts across many products and members: follows at
  least 5 things and has interacted with at least 5 other members on at least 3 products.
- independent: posts (ideas, reviews) at least 3 times and rarely engages with
  others: fewer interactions with others' posts than posts of their own.
- seeker: reads, votes and asks, posts little: at least 5 votes, follows and helpful
  marks given, and at most 2 ideas or reviews.
- other: too little activity of their own (under 5 actions: posts, comments, votes,
  follows, helpful marks given) or a mix of everything.

Expert and salesman come first: others' reactions make them, however little they post.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Archetype, Follow, User
from community.plugins import Point

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

BATCH_SIZE = 1_000

DESCRIPTIONS = {
    Archetype.CONNECTOR: _("Follows and takes part across many products and members."),
    Archetype.SALESMAN: _("Their ideas win the votes of many others."),
    Archetype.SEEKER: _("Reads, votes and follows; posts little."),
    Archetype.EXPERT: _("Others find their comments and reviews helpful."),
    Archetype.INDEPENDENT: _("Posts ideas and reviews, rarely engages with others."),
    Archetype.OTHER: _("A mix of everything, or not much yet."),
}


@dataclass
class Activity:
    """What a member did; each app fills in its part."""

    ideas: int = 0  # ideas posted
    reviews: int = 0  # reviews posted
    comments: int = 0  # comments posted
    votes: int = 0  # votes cast
    follows: int = 0  # ideas, products followed
    helpful_given: int = 0  # reviews of others marked helpful
    votes_received: int = 0  # votes from others on their ideas
    helpful_received: int = 0  # helpful marks from others on their reviews
    answers_accepted: int = 0  # comments accepted as the answer
    engaged_with_others: int = 0  # comments on, votes for, helpful marks on others' posts
    members_met: set[int] = field(default_factory=set)  # other members whose posts they engaged with
    products_touched: set[int] = field(default_factory=set)  # products they posted about, voted or commented on

    @property
    def posts(self) -> int:
        return self.ideas + self.reviews

    @property
    def total(self) -> int:
        return self.ideas + self.reviews + self.comments + self.votes + self.follows + self.helpful_given

    def add(self, other: Activity) -> None:
        for spec in fields(self):
            mine, theirs = getattr(self, spec.name), getattr(other, spec.name)
            setattr(self, spec.name, mine | theirs if isinstance(mine, set) else mine + theirs)


Measure = Callable[[list[int]], dict[int, Activity]]
MEASURES: Point[Measure] = Point("activity measures", Callable)


def classify(activity: Activity) -> str:
    # Experts and salesmen are made by others' reactions, however little they post.
    if activity.helpful_received + 3 * activity.answers_accepted >= 5:
        return Archetype.EXPERT
    if activity.votes_received >= 20 and activity.votes_received >= 10 * max(activity.ideas, 1):
        return Archetype.SALESMAN
    if activity.total < 5:
        return Archetype.OTHER
    if activity.follows >= 5 and len(activity.members_met) >= 5 and len(activity.products_touched) >= 3:
        return Archetype.CONNECTOR
    if activity.posts >= 3 and activity.engaged_with_others < activity.posts:
        return Archetype.INDEPENDENT
    if activity.votes + activity.follows + activity.helpful_given >= 5 and activity.posts <= 2:
        return Archetype.SEEKER
    return Archetype.OTHER


def measure(member_ids: list[int]) -> dict[int, Activity]:
    activity = {member_id: Activity() for member_id in member_ids}
    for part in [_follows, *MEASURES]:
        for member_id, found in part(member_ids).items():
            activity[member_id].add(found)
    return activity


def _follows(member_ids: list[int]) -> dict[int, Activity]:
    counts = Follow.objects.filter(member_id__in=member_ids).values_list("member_id").annotate(n=Count("pk")).order_by()
    return {member_id: Activity(follows=n) for member_id, n in counts}


def recompute(member_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Classifies members (all active ones by default) in batches; returns how many
    members each archetype has among those classified."""
    ids = list(member_ids) if member_ids is not None else None
    members = User.objects.filter(is_active=True, is_staff=False).order_by("pk")
    if ids is not None:
        members = members.filter(pk__in=ids)
    distribution = dict.fromkeys(Archetype.values, 0)
    last = 0
    while True:
        batch = list(members.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH_SIZE])
        if not batch:
            return distribution
        now = timezone.now()
        found = measure(batch)
        rows = []
        for member_id in batch:
            archetype = classify(found[member_id])
            distribution[archetype] += 1
            rows.append(User(pk=member_id, archetype=archetype, archetype_computed_at=now))
        User.objects.bulk_update(rows, ["archetype", "archetype_computed_at"])
        last = batch[-1]


def distribution() -> list[tuple[str, StrOrPromise, int]]:
    """(value, label, members) for every archetype, for staff (DESCRIPTIONS says what each means)."""
    counts = dict(
        User.objects.filter(is_active=True, is_staff=False).values_list("archetype").annotate(n=Count("pk")).order_by()
    )
    return [(value, label, counts.get(value, 0)) for value, label in Archetype.choices]
