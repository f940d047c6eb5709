"""How reviews are listed: sorting, filtering and what the viewer has done, in few queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from community.models import Follow
from reviews.models import STARS, ProductOwnership, ProductPage, ProductRating, Review, ReviewHelpfulVote

SORTS = {
    "helpful": (_("Most helpful"), ["-helpful_count", "-created_at", "-id"]),
    "newest": (_("Newest"), ["-created_at", "-id"]),
    "highest": (_("Highest rating"), ["-rating", "-created_at", "-id"]),
    "lowest": (_("Lowest rating"), ["rating", "-created_at", "-id"]),
}
DEFAULT_SORT = "helpful"


@dataclass(frozen=True)
class ReviewFilters:
    sort: str = DEFAULT_SORT
    stars: int | None = None
    verified: bool = False

    @classmethod
    def from_request(cls, params) -> "ReviewFilters":
        """Unknown values mean "no filter": a bad link shows every review, not an error."""
        sort = params.get("sort", "")
        stars = params.get("stars", "")
        return cls(
            sort=sort if sort in SORTS else DEFAULT_SORT,
            stars=int(stars) if stars in {str(star) for star in STARS} else None,
            verified=params.get("verified") in ("1", "true", "on"),
        )


def reviews_of(product: ProductPage, filters: ReviewFilters, member) -> QuerySet[Review]:
    """The product's published reviews, with their authors, replies and the viewer's helpful votes."""
    reviews = Review.objects.published().filter(product=product)
    if filters.stars:
        reviews = reviews.filter(rating=filters.stars)
    if filters.verified:
        reviews = reviews.filter(verified_owner=True)
    reviews = _with_helpful(reviews.select_related("author", "reply", "reply__author"), member)
    return reviews.order_by(*SORTS[filters.sort][1])


def _with_helpful(reviews: QuerySet[Review], member) -> QuerySet[Review]:
    """Adds marked_helpful: whether the signed-in viewer found each review helpful."""
    if not member.is_authenticated:
        return reviews
    mine = ReviewHelpfulVote.objects.filter(review=OuterRef("pk"), member=member)
    return reviews.annotate(marked_helpful=Exists(mine))


def rating_of(product: ProductPage) -> ProductRating:
    """The product's rating; an empty one before its first review."""
    return ProductRating.objects.filter(product=product).first() or ProductRating(product=product)


def review_for_viewer(product: ProductPage, pk: int, member) -> Review | None:
    """One review as the list shows it; its author and staff also see it while it is held back."""
    reviews = Review.objects.filter(product=product, pk=pk).select_related("author", "reply", "reply__author")
    review = _with_helpful(reviews, member).first()
    if review is None or review.is_published or review.author_id == member.pk or member.is_staff:
        return review
    return None


def products_of(member_ids: list[int]) -> dict[int, set[int]]:
    """The products each member owns or follows, by product id (two queries for any number)."""
    found: dict[int, set[int]] = defaultdict(set)
    owned = ProductOwnership.objects.filter(member_id__in=member_ids).values_list("member_id", "product_id")
    followed = Follow.objects.filter(
        member_id__in=member_ids, content_type=ContentType.objects.get_for_model(ProductPage)
    ).values_list("member_id", "object_id")
    for member_id, product_id in [*owned, *followed]:
        found[member_id].add(product_id)
    return found
