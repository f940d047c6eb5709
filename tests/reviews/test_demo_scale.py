import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from reviews import counters
from reviews.demo_scale import helpful_drift
from reviews.models import ProductOwnership, ProductPage, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_once, db):
    """The demo, seeded once for this module."""


def test_it_adds_reviews_at_scale_with_exact_ratings(seeded, capsys):
    products_before, reviews_before = ProductPage.objects.count(), Review.objects.count()

    call_command("seed_demo", "--members", "300", "--reviews", "1500")

    out = capsys.readouterr().out
    assert Review.objects.count() == reviews_before + 1500
    assert "1500 reviews" in out
    # 300 members write at most 240 reviews of one product: more products were needed.
    assert ProductPage.objects.count() > products_before
    assert not Review.objects.values("product", "author").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert counters.rating_drift() == []
    assert helpful_drift(Review.objects.all()) == []
    owned = set(ProductOwnership.objects.values_list("member_id", "product_id"))
    for author, product, verified in Review.objects.values_list("author", "product", "verified_owner")[:500]:
        assert verified == ((author, product) in owned)
    ratings = set(Review.objects.values_list("rating", flat=True))
    assert ratings == {1, 2, 3, 4, 5}


def test_bad_review_numbers_are_explained(seeded):
    with pytest.raises(CommandError, match="zero or more"):
        call_command("seed_demo", "--reviews", "-1")
