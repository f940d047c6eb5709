"""The review workflows: every page, API endpoint, admin action and task calls these.

A product's rating (count, sum of stars, per-star histogram) moves with atomic
updates in the same transaction as the review that changes it, and only published
reviews count; unique constraints are the final guard against doubles.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community import outbox
from community.changes import changed
from community.errors import InvalidInput, NotAllowed
from community.markdown import rendered_columns
from community.models import User
from community.moderation import services as moderation
from community.pictures import services as pictures_
from community.profiles import reputation
from community.rules import clean_text, collect_errors, require_member
from reviews import tasks, webhook_events
from reviews.errors import OwnReview, ProductClosed
from reviews.models import (
    STARS,
    ProductOwnership,
    ProductPage,
    ProductRating,
    Review,
    ReviewHelpfulVote,
    ReviewReply,
    ReviewRevision,
)
from reviews.reputation import REVIEW_HELPFUL


@dataclass(frozen=True)
class ReviewResult:
    review: Review
    created: bool  # False: the member's earlier review was edited


@dataclass(frozen=True)
class HelpfulResult:
    helpful: bool
    helpful_count: int


def rate(product_id: int, rating: int, sign: int) -> None:
    """Call inside a transaction: counts one published review of `rating` stars in (+1) or out (-1)."""
    ProductRating.objects.bulk_create([ProductRating(product_id=product_id)], ignore_conflicts=True)
    ProductRating.objects.filter(product_id=product_id).update(
        count=F("count") + sign, total=F("total") + sign * rating, **{f"stars_{rating}": F(f"stars_{rating}") + sign}
    )


def _validated(rating, title: str, body: str, pros: str, cons: str) -> tuple:
    def stars():
        if isinstance(rating, bool) or rating not in STARS:
            raise InvalidInput(rating=[_("Choose from 1 to 5 stars.")])
        return rating

    return tuple(
        collect_errors(
            stars,
            lambda: clean_text("title", title, Review.TITLE_MAX, required=True),
            lambda: clean_text("body", body, Review.BODY_MAX, required=False),
            lambda: clean_text("pros", pros, Review.NOTE_MAX, required=False),
            lambda: clean_text("cons", cons, Review.NOTE_MAX, required=False),
        )
    )


def submit_review(
    member: User,
    product: ProductPage,
    *,
    rating: int,
    title: str,
    body: str = "",
    pros: str = "",
    cons: str = "",
    pictures: Sequence[pictures_.Upload] = (),
    remove_pictures: Iterable[int] = (),
) -> ReviewResult:
    """Writes the member's review of the product, with photos if they like; if they
    reviewed it before, that review is edited (photos added or taken off) and its
    earlier text kept as a revision."""
    require_member(member)
    remove_pictures = list(remove_pictures)
    before = Review.objects.filter(product=product, author=member).first()
    kept = (pictures_.count_on(before) - len(remove_pictures)) if before else 0
    (rating, title, body, pros, cons), _checked = collect_errors(
        lambda: _validated(rating, title, body, pros, cons), lambda: pictures_.check(pictures, already=max(kept, 0))
    )
    if not product.live or product.status == ProductPage.Status.RETIRED:
        raise ProductClosed()
    fields = {"rating": rating, "title": title, "body": body, "pros": pros, "cons": cons}
    with transaction.atomic():
        try:
            with transaction.atomic():
                decision = moderation.decide(member, "\n".join([title, body, pros, cons]))
                review = Review.objects.create(
                    product=product,
                    author=member,
                    verified_owner=_owns(member, product),
                    moderation_state=decision.state,
                    moderation_rule=decision.rule,
                    **fields,
                )
        except IntegrityError:  # they reviewed it before: edit that review
            edited = _edit(Review.objects.get(product=product, author=member), fields)
            pictures_.remove(edited, remove_pictures)
            pictures_.attach(edited, pictures, member)
            return ReviewResult(edited, created=False)
        pictures_.attach(review, pictures, member)
        if review.is_published:
            rate(product.pk, rating, +1)
            webhook_events.review_published(review)
        changed(review)
    return ReviewResult(review, created=True)


def _edit(review: Review, fields: dict) -> Review:
    """Call inside a transaction."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    ReviewRevision.objects.create(
        review=locked,
        rating=locked.rating,
        title=locked.title,
        body=locked.body,
        pros=locked.pros,
        cons=locked.cons,
        written_at=locked.edited_at or locked.created_at,
    )
    if locked.is_published and locked.rating != fields["rating"]:
        rate(locked.product_id, locked.rating, -1)
        rate(locked.product_id, fields["rating"], +1)
    Review.objects.filter(pk=locked.pk).update(edited_at=timezone.now(), **rendered_columns(Review, **fields))
    changed(locked)
    locked.refresh_from_db()
    return locked


def delete_review(member: User, review: Review) -> None:
    """Authors may take their own review down; moderators hide instead (nothing is lost)."""
    if not member.is_authenticated or member.pk != review.author_id:
        raise NotAllowed()
    with transaction.atomic():
        locked = Review.objects.select_for_update().filter(pk=review.pk).first()
        if locked is None:
            return
        if locked.is_published:
            rate(locked.product_id, locked.rating, -1)
        changed(locked)  # before the row goes: the listeners are told its key
        locked.delete()


def set_moderation_state(review: Review, state: str, by: User, reason: str = "") -> Review:
    """Publishes or holds back a review; the product's rating follows (see reviews/extensions/moderation_kinds.py)."""
    moderation.moderate(review, state, by, reason)
    return review


def mark_helpful(member: User, review: Review) -> HelpfulResult:
    """Counts the member's "this helped me" once; never on their own review."""
    require_member(member)
    if review.author_id == member.pk:
        raise OwnReview()
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReviewHelpfulVote.objects.create(review=review, member=member)
        except IntegrityError:
            pass
        else:
            Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
            reputation.award(review.author_id, REVIEW_HELPFUL, _helpful_key(review, member))
        count = Review.objects.values_list("helpful_count", flat=True).get(pk=review.pk)
    return HelpfulResult(helpful=True, helpful_count=count)


def _helpful_key(review: Review, member: User) -> str:
    return f"helpful:{review.pk}:{member.pk}"


def unmark_helpful(member: User, review: Review) -> HelpfulResult:
    if not member.is_authenticated:
        raise NotAllowed()
    with transaction.atomic():
        removed, _ = ReviewHelpfulVote.objects.filter(review=review, member=member).delete()
        if removed:
            Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") - 1)
            reputation.revoke(_helpful_key(review, member))
        count = Review.objects.values_list("helpful_count", flat=True).get(pk=review.pk)
    return HelpfulResult(helpful=False, helpful_count=count)


def reply_to_review(staff: User, review: Review, body: str) -> ReviewReply:
    """The company's public answer under a review; answering again edits it. The
    reviewer hears about the first answer."""
    if not staff.is_authenticated or not staff.has_perm("reviews.reply_to_reviews"):
        raise NotAllowed(_("Only staff answer reviews."))
    body = clean_text("body", body, ReviewReply.BODY_MAX, required=True)
    with transaction.atomic():
        reply, created = ReviewReply.objects.update_or_create(review=review, defaults={"body": body, "author": staff})
        changed(reply)
        if created:
            outbox.enqueue(tasks.announce_review_reply, reply.pk)
    return reply


def record_ownership(member: User, product: ProductPage, since=None) -> bool:
    """Notes that the member owns the product; their review (now or later) shows
    the verified badge. Returns whether this was new."""
    with transaction.atomic():
        ownership, created = ProductOwnership.objects.get_or_create(
            member=member, product=product, defaults={"since": since}
        )
        Review.objects.filter(author=member, product=product).update(verified_owner=True)
        changed(ownership, *Review.objects.filter(author=member, product=product).only("pk"))
    return created


def _owns(member: User, product: ProductPage) -> bool:
    return ProductOwnership.objects.filter(member=member, product=product).exists()
