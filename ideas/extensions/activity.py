"""What ideas measure of a member's activity, for their archetype (community.profiles.archetypes)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F

from community.profiles.archetypes import Activity
from ideas.models import Comment, Idea, Vote


def _counts(queryset, member_field: str) -> dict[int, int]:
    return dict(queryset.values_list(member_field).annotate(n=Count("pk")).order_by())


def measure(member_ids: list[int]) -> dict[int, Activity]:
    found: dict[int, Activity] = defaultdict(Activity)
    ideas = Idea.objects.filter(author_id__in=member_ids)
    comments = Comment.objects.filter(author_id__in=member_ids)
    votes = Vote.objects.filter(member_id__in=member_ids)
    for member_id, n in _counts(ideas, "author_id").items():
        found[member_id].ideas = n
    for member_id, n in _counts(comments, "author_id").items():
        found[member_id].comments = n
    for member_id, n in _counts(votes, "member_id").items():
        found[member_id].votes = n
    received = Vote.objects.filter(idea__author_id__in=member_ids).exclude(member_id=F("idea__author_id"))
    for member_id, n in _counts(received, "idea__author_id").items():
        found[member_id].votes_received = n
    for member_id, n in _counts(comments.filter(is_accepted=True), "author_id").items():
        found[member_id].answers_accepted = n
    others_comments = comments.exclude(idea__author_id=F("author_id"))
    others_votes = votes.exclude(idea__author_id=F("member_id"))
    for member_id, n in _counts(others_comments, "author_id").items():
        found[member_id].engaged_with_others += n
    for member_id, n in _counts(others_votes, "member_id").items():
        found[member_id].engaged_with_others += n
    pairs = [
        *others_comments.values_list("author_id", "idea__author_id", "idea__product_id").distinct(),
        *others_votes.values_list("member_id", "idea__author_id", "idea__product_id").distinct(),
        *ideas.values_list("author_id", "author_id", "product_id").distinct(),
    ]
    for member_id, other_id, product_id in pairs:
        if other_id != member_id:
            found[member_id].members_met.add(other_id)
        if product_id:
            found[member_id].products_touched.add(product_id)
    return found
