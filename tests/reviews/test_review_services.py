import pytest
from django.core.management import call_command
from django.db import IntegrityError

from community.models import ModerationState, Notification
from reviews import services
from reviews.counters import rating_drift
from reviews.errors import InvalidInput, NotAllowed, NotVerified, OwnReview, ProductClosed
from reviews.models import ProductPage, ProductRating, Review, ReviewRevision
from tests.factories import MemberFactory, ReviewFactory, StaffFactory

pytestmark = pytest.mark.django_db


def rating_of(product) -> ProductRating:
    return ProductRating.objects.get(product=product)


def test_a_review_counts_in_the_products_rating(product, member):
    result = services.submit_review(member, product, rating=4, title="Solid", body="Syncs **fast**.")
    services.submit_review(MemberFactory(), product, rating=2, title="Meh")

    rating = rating_of(product)
    assert result.created
    assert (rating.count, rating.total, rating.average) == (2, 6, 3.0)
    assert rating.histogram() == [(5, 0, 0), (4, 1, 50), (3, 0, 0), (2, 1, 50), (1, 0, 0)]


def test_reviewing_again_edits_the_first_review_and_keeps_the_old_text(product, member):
    first = services.submit_review(member, product, rating=5, title="Love it").review

    again = services.submit_review(member, product, rating=3, title="Less so now", pros="Still fast")

    assert not again.created
    assert again.review.pk == first.pk
    assert (again.review.rating, again.review.title, again.review.is_edited) == (3, "Less so now", True)
    assert list(ReviewRevision.objects.values_list("rating", "title")) == [(5, "Love it")]
    rating = rating_of(product)
    assert (rating.count, rating.total, rating.stars_5, rating.stars_3) == (1, 3, 0, 1)


@pytest.mark.parametrize("stars", [0, 6, "abc", None, 4.5, True])
def test_a_rating_outside_one_to_five_is_refused(product, member, stars):
    with pytest.raises(InvalidInput) as error:
        services.submit_review(member, product, rating=stars, title="Bad")

    assert "rating" in error.value.details
    assert not Review.objects.exists()


def test_every_bad_field_is_named_at_once(product, member):
    with pytest.raises(InvalidInput) as error:
        services.submit_review(member, product, rating=9, title="", body="x" * 5_001, cons="\x00")

    assert set(error.value.details) == {"rating", "title", "body", "cons"}


def test_the_database_refuses_a_rating_of_six_whatever_the_code_does(product, member):
    with pytest.raises(IntegrityError):
        Review.objects.create(product=product, author=member, rating=6, title="Cheat")


def test_unverified_members_are_told_to_verify(product):
    with pytest.raises(NotVerified):
        services.submit_review(MemberFactory(verified=False), product, rating=4, title="Hi")


def test_retired_products_take_no_new_reviews(product, member):
    ProductPage.objects.filter(pk=product.pk).update(status=ProductPage.Status.RETIRED)
    product.refresh_from_db()

    with pytest.raises(ProductClosed):
        services.submit_review(member, product, rating=4, title="Late")


def test_owners_reviews_are_verified_even_when_ownership_is_recorded_later(product, member):
    review = services.submit_review(member, product, rating=4, title="Good").review
    assert not review.verified_owner

    services.record_ownership(member, product)
    review.refresh_from_db()
    later = services.submit_review(MemberFactory(), product, rating=5, title="Great").review

    assert review.verified_owner
    assert not later.verified_owner


def test_helpful_votes_count_once_and_never_on_ones_own_review(product, member):
    review = ReviewFactory(product=product)

    first = services.mark_helpful(member, review)
    again = services.mark_helpful(member, review)
    with pytest.raises(OwnReview):
        services.mark_helpful(review.author, review)
    taken_back = services.unmark_helpful(member, review)

    assert (first.helpful_count, again.helpful_count, taken_back.helpful_count) == (1, 1, 0)


def test_hiding_and_publishing_a_review_moves_the_rating(product, member, staff):
    review = services.submit_review(member, product, rating=1, title="Spammy").review

    services.set_moderation_state(review, ModerationState.SPAM, staff, "Advertising.")
    hidden = rating_of(product)
    services.set_moderation_state(review, ModerationState.PUBLISHED, staff)

    assert (hidden.count, hidden.stars_1) == (0, 0)
    assert rating_of(product).count == 1
    assert rating_drift() == []


def test_members_cannot_moderate(product, member):
    review = ReviewFactory(product=product)

    with pytest.raises(NotAllowed):
        services.set_moderation_state(review, ModerationState.REJECTED, member)


def test_authors_delete_their_own_review_only(product, member):
    review = services.submit_review(member, product, rating=4, title="Mine").review

    with pytest.raises(NotAllowed):
        services.delete_review(MemberFactory(), review)
    services.delete_review(member, review)

    assert not Review.objects.exists()
    assert rating_of(product).count == 0


def test_staff_reply_once_editably_and_the_reviewer_is_told(product, member, staff, django_capture_on_commit_callbacks):
    review = services.submit_review(member, product, rating=2, title="Slow").review

    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_review(staff, review, "Sorry! Version 4.3 is faster.")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_to_review(staff, review, "Sorry! Version 4.3 is much faster.")

    assert reply.body == "Sorry! Version 4.3 is much faster."
    notification = Notification.objects.get(recipient=member)
    assert "answered your review" in notification.title
    assert notification.url == f"/products/sync/?review={review.pk}#review-{review.pk}"


def test_members_cannot_reply_for_the_company(product, member):
    with pytest.raises(NotAllowed):
        services.reply_to_review(member, ReviewFactory(product=product), "I am the company now")


def test_recount_ratings_reports_and_fixes_drift(product, member, capsys):
    services.submit_review(member, product, rating=5, title="Great")
    ProductRating.objects.filter(product=product).update(count=7, stars_5=3)

    call_command("recount_ratings")
    reported = capsys.readouterr().out
    call_command("recount_ratings", "--fix")
    call_command("recount_ratings")

    assert "count is 7, the reviews say 1" in reported
    assert "Every product's rating matches its reviews." in capsys.readouterr().out
    assert rating_of(product).count == 1


def test_staff_without_the_reply_permission_cannot_reply(product):
    clerk = StaffFactory(is_superuser=False)

    with pytest.raises(NotAllowed):
        services.reply_to_review(clerk, ReviewFactory(product=product), "Hello")
