"""Reviews in the one moderation layer: what the rules read, and the product rating
that follows a decision (only published reviews count)."""

from community.moderation import services as moderation
from reviews.models import Review
from reviews.services import rate
from reviews.webhook_events import review_published


def _published(review: Review) -> None:
    rate(review.product_id, review.rating, +1)
    review_published(review)


def _unpublished(review: Review) -> None:
    rate(review.product_id, review.rating, -1)


REVIEWS = moderation.Kind(
    model=Review,
    text=lambda review: "\n".join([review.title, review.body, review.pros, review.cons]),
    fields=("title", "body", "pros", "cons"),
    url=lambda review: f"{review.product.url}#review-{review.pk}" if review.product.url else "",
    published=_published,
    unpublished=_unpublished,
)
