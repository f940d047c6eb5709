"""Fifty members reviewing one product at the same moment: the rating matches the rows."""

import pytest

from reviews import services
from reviews.counters import rating_drift
from reviews.models import ProductRating, Review
from tests.factories import MemberFactory
from tests.threads import run_at_once

THREADS = 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_reviews_at_once_leave_count_sum_and_histogram_exact(product):
    members = MemberFactory.create_batch(THREADS)

    errors = run_at_once(
        lambda pair: services.submit_review(pair[1], product, rating=pair[0] % 5 + 1, title=f"Review {pair[0]}"),
        list(enumerate(members)),
    )

    assert errors == []
    rating = ProductRating.objects.get(product=product)
    assert Review.objects.filter(product=product).count() == THREADS
    assert (rating.count, rating.total) == (THREADS, sum(number % 5 + 1 for number in range(THREADS)))
    assert [rating.stars_1, rating.stars_2, rating.stars_3, rating.stars_4, rating.stars_5] == [10] * 5
    assert rating_drift() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_member_reviewing_fifty_times_at_once_leaves_one_review(product):
    member = MemberFactory()

    errors = run_at_once(
        lambda stars: services.submit_review(member, product, rating=stars, title="Again"), [1, 2, 3, 4, 5] * 10
    )

    assert errors == []
    assert Review.objects.filter(product=product).count() == 1
    assert ProductRating.objects.get(product=product).count == 1
    assert rating_drift() == []
