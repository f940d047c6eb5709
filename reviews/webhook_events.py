"""The review events sent to webhooks: review.created, once a review is public."""

from community.webhooks import services as webhooks
from reviews.models import Review

REVIEW_CREATED = "review.created"


def payload(review: Review) -> dict:
    """Public facts only: the author appears by their public name."""
    product = review.product
    return {
        "id": review.pk,
        "url": product.review_address(product.full_url, review.pk),
        "product": {"id": product.pk, "title": product.title},
        "rating": review.rating,
        "title": review.title,
        "body": review.body,
        "pros": review.pros,
        "cons": review.cons,
        "author": review.author.public_name,
        "verified_owner": review.verified_owner,
        "created_at": review.created_at.isoformat(),
    }


def review_published(review: Review) -> None:
    """Call inside the transaction that published it; a review published again after
    a moderator's second look is not sent again."""
    webhooks.emit(REVIEW_CREATED, f"review:{review.pk}", payload(review))
