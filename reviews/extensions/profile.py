"""What reviews contribute to a member's profile and to the staff's timeline."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.models import User
from community.profiles import services as profiles
from reviews.models import Review, ReviewHelpfulVote


def _stars(review: Review) -> str:
    return ngettext("%(count)d star", "%(count)d stars", review.rating) % {"count": review.rating}


def _url(review: Review) -> str:
    return f"{review.product.url}?review={review.pk}#review-{review.pk}" if review.product.url else ""


def public_reviews(member: User, limit: int) -> tuple[int, list[profiles.Item]]:
    reviews = Review.objects.published().filter(author=member, product__live=True)
    newest = reviews.select_related("product").order_by("-created_at", "-pk")[:limit]
    return reviews.count(), [
        profiles.Item(
            review.created_at,
            review.title,
            _url(review),
            profiles.excerpt(review.body),
            note=f"{review.product.title} · {_stars(review)}",
        )
        for review in newest
    ]


def timeline(member: User, limit: int) -> list[profiles.Item]:
    items = []
    reviews = Review.objects.filter(author=member).select_related("product").order_by("-created_at")[:limit]
    for review in reviews:
        note = f"{review.product.title} · {_stars(review)}"
        if not review.is_published:
            note = f"{note} · {review.get_moderation_state_display()}"
        items.append(
            profiles.Item(
                review.created_at, review.title, _url(review), profiles.excerpt(review.body), _("Review"), note
            )
        )
    marks = ReviewHelpfulVote.objects.filter(member=member).select_related("review__product").order_by("-created_at")
    for mark in marks[:limit]:
        items.append(profiles.Item(mark.created_at, mark.review.title, _url(mark.review), kind=_("Marked helpful")))
    return items
