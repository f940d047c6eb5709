"""What reviews hold about a member, for the privacy export and account deletion.

Helpful marks stay with the anonymous former member (counts stay exact); reviews stay
under "former member" unless they asked to remove them, and then they are deleted
with the product's rating taken back. What they own is personal: it goes.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from community.changes import changed
from community.models import ModerationEdit, User
from reviews.models import ProductOwnership, Review, ReviewHelpfulVote, ReviewReply
from reviews.services import rate


def export(member: User) -> dict:
    reviews = []
    for review in Review.objects.filter(author=member).select_related("product").prefetch_related("revisions"):
        reviews.append(
            {
                "id": review.pk,
                "product": review.product.title,
                "rating": review.rating,
                "title": review.title,
                "body": review.body,
                "pros": review.pros,
                "cons": review.cons,
                "created_at": review.created_at,
                "moderation_state": review.moderation_state,
                "earlier_versions": [
                    {"rating": old.rating, "title": old.title, "body": old.body, "written_at": old.written_at}
                    for old in review.revisions.all()
                ],
            }
        )
    return {
        "reviews": reviews,
        "marked_helpful": list(
            ReviewHelpfulVote.objects.filter(member=member).values("review_id", "review__title", "created_at")
        ),
        "owned_products": list(
            ProductOwnership.objects.filter(member=member).values("product__title", "since", "recorded_at")
        ),
        "replies_written": list(ReviewReply.objects.filter(author=member).values("review_id", "body", "updated_at")),
    }


def erase(member: User, remove_content: bool) -> None:
    ProductOwnership.objects.filter(member=member).delete()
    if not remove_content:
        return
    review_type = ContentType.objects.get_for_model(Review)
    for review in Review.objects.select_for_update().filter(author=member):
        if review.is_published:
            rate(review.product_id, review.rating, -1)
        ModerationEdit.objects.filter(content_type=review_type, object_id=review.pk).delete()
        changed(review)  # before the row goes: search is told its key
        review.delete()
