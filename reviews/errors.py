"""What can go wrong with a review, said so a member understands it."""

from django.utils.translation import gettext_lazy as _

from community.errors import InvalidInput, NotAllowed, NotVerified, ServiceError

__all__ = ["InvalidInput", "NotAllowed", "NotVerified", "OwnReview", "ProductClosed", "ReviewError"]


class ReviewError(ServiceError):
    code = "review_error"


class OwnReview(ReviewError):
    code = "own_review"
    status = 409
    default_message = _("You cannot mark your own review as helpful.")


class ProductClosed(ReviewError):
    code = "product_closed"
    status = 409
    default_message = _("This product is not open for reviews.")
