from reviews.models.products import ProductIndexPage, ProductPage
from reviews.models.reviews import (
    STARS,
    ProductOwnership,
    ProductRating,
    Review,
    ReviewHelpfulVote,
    ReviewReply,
    ReviewRevision,
)

__all__ = [
    "STARS",
    "ProductIndexPage",
    "ProductOwnership",
    "ProductPage",
    "ProductRating",
    "Review",
    "ReviewHelpfulVote",
    "ReviewReply",
    "ReviewRevision",
]
