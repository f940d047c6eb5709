import pytest

from community.models import ModerationState
from reviews import services
from reviews.models import Review
from tests.factories import MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(product):
    for stars in (5, 4, 4, 1):
        services.submit_review(MemberFactory(), product, rating=stars, title=f"{stars} stars")
    return product


def test_products_are_listed_with_their_ratings(anonymous_api, rated, products):
    ProductFactory(parent=products, title="Mobile", slug="mobile")

    body = anonymous_api.get("/products/").json()

    assert [item["slug"] for item in body["items"]] == ["mobile", "sync"]
    sync = body["items"][1]
    assert sync["rating"] == {
        "count": 4,
        "average": 3.5,
        "histogram": {"stars_5": 1, "stars_4": 2, "stars_3": 0, "stars_2": 0, "stars_1": 1},
    }
    assert body["items"][0]["rating"]["average"] is None
    assert sync["url"] == "/products/sync/"


def test_one_product_and_a_missing_one(anonymous_api, rated):
    assert anonymous_api.get(f"/products/{rated.pk}/").json()["rating"]["count"] == 4
    assert anonymous_api.get("/products/987654/").status_code == 404


def test_reviews_are_listed_sorted_and_filtered(anonymous_api, rated):
    lowest = anonymous_api.get(f"/products/{rated.pk}/reviews/", sort="lowest").json()["items"]
    fours = anonymous_api.get(f"/products/{rated.pk}/reviews/", stars=4).json()

    assert [item["rating"] for item in lowest] == [1, 4, 4, 5]
    assert fours["count"] == 2
    assert lowest[0]["marked_helpful"] is None
    assert "email" not in lowest[0]["author"]


@pytest.mark.parametrize(("params", "field"), [({"sort": "best"}, "sort"), ({"stars": 6}, "stars")])
def test_bad_review_filters_are_named(anonymous_api, rated, params, field):
    response = anonymous_api.get(f"/products/{rated.pk}/reviews/", **params)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_held_back_reviews_are_not_listed(anonymous_api, rated, staff):
    review = Review.objects.get(rating=1)
    services.set_moderation_state(review, ModerationState.SPAM, staff)

    items = anonymous_api.get(f"/products/{rated.pk}/reviews/").json()["items"]

    assert 1 not in [item["rating"] for item in items]


def test_a_member_writes_then_edits_their_review(api, member, product):
    created = api.post(f"/products/{product.pk}/reviews/", {"rating": 4, "title": "Good", "pros": "Fast"})
    edited = api.post(f"/products/{product.pk}/reviews/", {"rating": 2, "title": "Worse now"})

    assert (created.status_code, edited.status_code) == (201, 200)
    assert edited.json()["id"] == created.json()["id"]
    assert edited.json()["edited"] is True
    assert Review.objects.get(author=member).revisions.count() == 1
    assert api.get(f"/products/{product.pk}/").json()["rating"]["average"] == 2.0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rating": 0, "title": "x"}, "rating"),
        ({"rating": 6, "title": "x"}, "rating"),
        ({"rating": "abc", "title": "x"}, "rating"),
        ({"title": "x"}, "rating"),
        ({"rating": 3, "title": ""}, "title"),
        ({"rating": 3, "title": "x" * 121}, "title"),
    ],
)
def test_bad_reviews_are_refused_field_by_field(api, product, payload, field):
    response = api.post(f"/products/{product.pk}/reviews/", payload)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Review.objects.exists()


def test_signed_out_callers_cannot_write_reviews(anonymous_api, rated):
    review = Review.objects.first()

    codes = [
        anonymous_api.post(f"/products/{rated.pk}/reviews/", {"rating": 4, "title": "Hi"}).status_code,
        anonymous_api.post(f"/reviews/{review.pk}/helpful/").status_code,
        anonymous_api.delete(f"/products/{rated.pk}/reviews/mine/").status_code,
    ]

    assert codes == [401, 401, 401]


def test_helpful_votes_are_idempotent_and_not_on_ones_own_review(api, member, rated):
    other = Review.objects.first()
    mine = services.submit_review(member, rated, rating=3, title="Mine").review

    first = api.post(f"/reviews/{other.pk}/helpful/")
    again = api.post(f"/reviews/{other.pk}/helpful/")
    own = api.post(f"/reviews/{mine.pk}/helpful/")
    back = api.delete(f"/reviews/{other.pk}/helpful/")

    assert first.json() == again.json() == {"helpful": True, "helpful_count": 1}
    assert (own.status_code, own.json()["code"]) == (409, "own_review")
    assert back.json() == {"helpful": False, "helpful_count": 0}


def test_a_member_deletes_their_review(api, member, product):
    api.post(f"/products/{product.pk}/reviews/", {"rating": 4, "title": "Good"})

    deleted = api.delete(f"/products/{product.pk}/reviews/mine/")
    again = api.delete(f"/products/{product.pk}/reviews/mine/")

    assert (deleted.status_code, again.status_code) == (204, 404)
    assert api.get(f"/products/{product.pk}/").json()["rating"]["count"] == 0


def test_unverified_members_cannot_review(client, board, product):
    from tests.api.conftest import Api

    client.force_login(MemberFactory(verified=False))

    response = Api(client).post(f"/products/{product.pk}/reviews/", {"rating": 4, "title": "Hi"})

    assert (response.status_code, response.json()["code"]) == (403, "not_verified")


def test_the_review_list_runs_the_same_queries_for_3_or_30_reviews(api, product, django_assert_max_num_queries):
    for _ in range(30):
        services.submit_review(MemberFactory(), product, rating=4, title="Ok")

    with django_assert_max_num_queries(8):
        response = api.get(f"/products/{product.pk}/reviews/", page_size=30)

    assert len(response.json()["items"]) == 30
