"""The shapes of products and reviews in the API."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from community.api import InputSchema
from reviews.models import ProductRating, Review, ReviewReply
from reviews.queries import SORTS

ReviewSort = Literal[tuple(SORTS)]


class HistogramOut(Schema):
    stars_5: int
    stars_4: int
    stars_3: int
    stars_2: int
    stars_1: int


class RatingOut(Schema):
    count: int
    average: float | None = Field(description="One decimal; null before the first review.")
    histogram: HistogramOut


class ProductOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    category: str
    status: str
    url: str | None
    rating: RatingOut

    @staticmethod
    def resolve_url(product, context) -> str | None:
        return product.get_url(context["request"])

    @staticmethod
    def resolve_rating(product) -> dict:
        try:
            rating = product.rating
        except ProductRating.DoesNotExist:  # no review yet
            rating = ProductRating(product=product)
        return {
            "count": rating.count,
            "average": rating.average,
            "histogram": {f"stars_{stars}": getattr(rating, f"stars_{stars}") for stars in range(1, 6)},
        }


class ReviewerOut(Schema):
    display_name: str

    @staticmethod
    def resolve_display_name(member) -> str:
        return member.public_name


class ReplyOut(Schema):
    body: str
    body_html: str
    author: ReviewerOut
    created_at: datetime
    updated_at: datetime


class ReviewOut(Schema):
    id: int
    product: int
    rating: int
    title: str
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="Rendered and sanitised: safe to show as HTML.")
    pros: str
    cons: str
    author: ReviewerOut
    verified_owner: bool
    helpful_count: int
    edited: bool
    published: bool = Field(description="False while moderators hold it back (only its author sees it then).")
    reply: ReplyOut | None
    created_at: datetime
    marked_helpful: bool | None = Field(description="Whether the signed-in caller found it helpful.")

    @staticmethod
    def resolve_product(review) -> int:
        return review.product_id

    @staticmethod
    def resolve_edited(review) -> bool:
        return review.is_edited

    @staticmethod
    def resolve_published(review) -> bool:
        return review.is_published

    @staticmethod
    def resolve_reply(review):
        try:
            return review.reply
        except ReviewReply.DoesNotExist:
            return None

    @staticmethod
    def resolve_marked_helpful(review) -> bool | None:
        return getattr(review, "marked_helpful", None)


class ReviewFiltersIn(InputSchema):
    sort: ReviewSort = "helpful"
    stars: int | None = Field(None, ge=1, le=5, description="Only reviews with this many stars.")
    verified: bool = False


class ReviewIn(InputSchema):
    rating: int = Field(ge=1, le=5, description="1 to 5 stars.")
    title: str = Field(max_length=Review.TITLE_MAX)
    body: str = Field("", max_length=Review.BODY_MAX, description="Markdown.")
    pros: str = Field("", max_length=Review.NOTE_MAX)
    cons: str = Field("", max_length=Review.NOTE_MAX)


class HelpfulOut(Schema):
    helpful: bool
    helpful_count: int
