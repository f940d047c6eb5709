"""What reviews measure of a member's activity, for their archetype (community.profiles.archetypes)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from community.profiles.archetypes import Activity
from reviews.models import Review, ReviewHelpfulVote


def measure(member_ids: list[int]) -> dict[int, Activity]:
    found: dict[int, Activity] = defaultdict(Activity)
    reviews = Review.objects.filter(author_id__in=member_ids)
    for member_id, n in reviews.values_list("author_id").annotate(n=Count("pk")).order_by():
        found[member_id].reviews = n
    for member_id, product_id in reviews.values_list("author_id", "product_id").distinct():
        found[member_id].products_touched.add(product_id)
    given = ReviewHelpfulVote.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "review__author_id", "review__product_id"
    )
    for member_id, author_id, product_id in given:
        if author_id == member_id:
            continue
        found[member_id].helpful_given += 1
        found[member_id].engaged_with_others += 1
        found[member_id].members_met.add(author_id)
        found[member_id].products_touched.add(product_id)
    received = ReviewHelpfulVote.objects.filter(review__author_id__in=member_ids)
    for author_id, n in received.values_list("review__author_id").annotate(n=Count("pk")).order_by():
        found[author_id].helpful_received = n
    return found
