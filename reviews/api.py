"""/api/v1/products/ and /api/v1/reviews/: HTTP only; reviews.services decides."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from community.api import NotFound, ObjectId, Pages, member_auth
from community.ratelimits import enforce_write_limit
from reviews import services
from reviews.models import ProductPage, Review
from reviews.queries import ReviewFilters, review_for_viewer, reviews_of
from reviews.schemas import HelpfulOut, ProductOut, ReviewFiltersIn, ReviewIn, ReviewOut

products_router = Router(tags=["products"])
reviews_router = Router(tags=["reviews"])
WRITE_GROUP = "reviews-write"  # shared with the pages


def _products():
    return ProductPage.objects.live().public().select_related("rating").order_by("title")


def _product(product_id: int) -> ProductPage:
    product = _products().filter(pk=product_id).first()
    if product is None:
        raise NotFound(_("There is no product with this number."))
    return product


def _review(request, review_id: int) -> Review:
    review = Review.objects.select_related("product").filter(pk=review_id).first()
    if review is None or review_for_viewer(review.product, review.pk, request.user) is None:
        raise NotFound(_("There is no review with this number."))
    return review


@products_router.get("/", response=list[ProductOut], summary="List products with their ratings")
@paginate(Pages)
def list_products(request):
    return _products()


@products_router.get("/{int:product_id}/", response=ProductOut, summary="One product with its rating")
def get_product(request, product_id: ObjectId):
    return _product(product_id)


@products_router.get("/{int:product_id}/reviews/", response=list[ReviewOut], summary="A product's reviews")
@paginate(Pages)
def list_reviews(request, product_id: ObjectId, filters: Query[ReviewFiltersIn]):
    chosen = ReviewFilters(sort=filters.sort, stars=filters.stars, verified=filters.verified)
    return reviews_of(_product(product_id), chosen, request.user)


@products_router.post(
    "/{int:product_id}/reviews/",
    auth=member_auth,
    response={200: ReviewOut, 201: ReviewOut},
    summary="Write your review, or edit it",
)
def write_review(request, product_id: ObjectId, payload: ReviewIn):
    """One review per member and product: writing again edits yours (200; the earlier
    version is kept), the first time creates it (201)."""
    enforce_write_limit(request, WRITE_GROUP)
    result = services.submit_review(request.auth, _product(product_id), **payload.dict())
    return Status(201 if result.created else 200, result.review)


@products_router.delete(
    "/{int:product_id}/reviews/mine/", auth=member_auth, response={204: None}, summary="Delete your review"
)
def delete_my_review(request, product_id: ObjectId):
    enforce_write_limit(request, WRITE_GROUP)
    mine = Review.objects.filter(product=_product(product_id), author=request.auth).first()
    if mine is None:
        raise NotFound(_("You have not reviewed this product."))
    services.delete_review(request.auth, mine)
    return Status(204, None)


@reviews_router.post("/{int:review_id}/helpful/", auth=member_auth, response=HelpfulOut, summary="Found it helpful")
def mark_helpful(request, review_id: ObjectId):
    """Idempotent; refused (409 own_review) on your own review."""
    enforce_write_limit(request, WRITE_GROUP)
    result = services.mark_helpful(request.auth, _review(request, review_id))
    return {"helpful": result.helpful, "helpful_count": result.helpful_count}


@reviews_router.delete("/{int:review_id}/helpful/", auth=member_auth, response=HelpfulOut, summary="Take it back")
def unmark_helpful(request, review_id: ObjectId):
    enforce_write_limit(request, WRITE_GROUP)
    result = services.unmark_helpful(request.auth, _review(request, review_id))
    return {"helpful": result.helpful, "helpful_count": result.helpful_count}
