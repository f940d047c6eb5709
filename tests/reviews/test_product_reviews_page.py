import json
import re

import pytest
from django.core import mail

from community.models import ModerationState
from ideas import services as idea_services
from reviews import services
from reviews.models import Review
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def reviewed(product, *ratings):
    return [services.submit_review(MemberFactory(), product, rating=r, title=f"{r} stars").review for r in ratings]


def json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


def test_the_page_shows_the_average_histogram_and_reviews(client, product):
    reviewed(product, 5, 4, 4, 1)

    body = client.get("/products/sync/").content.decode()

    assert "3.5 out of 5, from 4 reviews" in body
    assert "2 reviews (50%)" in body  # the 4-star row, in words, not only a bar
    assert body.count('class="review"') == 4


def test_json_ld_describes_the_product_its_rating_and_reviews(client, product):
    reviewed(product, 5, 2)

    data = json_ld(client.get("/products/sync/").content.decode())

    assert (data["@context"], data["@type"], data["name"]) == ("https://schema.org", "Product", "Sync")
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 3.5,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert {review["reviewRating"]["ratingValue"] for review in data["review"]} == {5, 2}
    assert all(review["author"]["@type"] == "Person" for review in data["review"])


def test_json_ld_cannot_be_broken_out_of_by_a_review(client, product):
    services.submit_review(MemberFactory(), product, rating=3, title="</script><script>alert(1)</script>")

    body = client.get("/products/sync/").content.decode()

    assert "<script>alert(1)" not in body
    assert json_ld(body)["review"][0]["name"] == "</script><script>alert(1)</script>"


def test_without_reviews_there_is_no_aggregate_rating(client, product):
    data = json_ld(client.get("/products/sync/").content.decode())

    assert "aggregateRating" not in data and "review" not in data


@pytest.mark.parametrize(
    ("query", "expected"),
    [("sort=lowest", ["1 stars", "4 stars", "5 stars"]), ("sort=highest", ["5 stars", "4 stars", "1 stars"])],
)
def test_reviews_sort(client, product, query, expected):
    reviewed(product, 4, 1, 5)

    body = client.get(f"/products/sync/?{query}").content.decode()

    assert re.findall(r'class="review__title">([^<]+)<', body) == expected


def test_reviews_filter_by_stars_and_verified_owners(client, product):
    owner = MemberFactory()
    services.record_ownership(owner, product)
    services.submit_review(owner, product, rating=4, title="Owner says")
    reviewed(product, 4, 2)

    by_stars = client.get("/products/sync/?stars=2").content.decode()
    verified = client.get("/products/sync/?verified=1").content.decode()
    nonsense = client.get("/products/sync/?stars=9&sort=x").content.decode()

    assert re.findall(r'class="review__title">([^<]+)<', by_stars) == ["2 stars"]
    assert re.findall(r'class="review__title">([^<]+)<', verified) == ["Owner says"]
    assert "Verified owner" in verified
    assert nonsense.count('class="review"') == 3


def test_held_back_reviews_are_not_shown_and_not_counted(client, product, staff):
    hidden, shown = reviewed(product, 1, 5)
    services.set_moderation_state(hidden, ModerationState.SPAM, staff, "Spam")

    body = client.get("/products/sync/").content.decode()

    assert "1 stars" not in body
    assert "5.0 out of 5, from 1 review" in body


def test_the_page_runs_the_same_queries_for_3_or_30_reviews(client, product, member, django_assert_max_num_queries):
    client.force_login(member)
    reviewed(product, 4, 5, 3)
    client.get("/products/sync/")
    with django_assert_max_num_queries(28) as few:
        client.get("/products/sync/")
    budget = len(few)  # now: every request empties Django's query log
    for review in reviewed(product, *([4] * 27)):
        services.reply_to_review(StaffFactory(), review, "Thanks!")
    client.get("/products/sync/")  # new reviews empty the cached menus: measure once they are back

    with django_assert_max_num_queries(budget):
        response = client.get("/products/sync/?page=1")

    assert response.content.decode().count('class="review"') == 6  # one page of reviews


def test_a_member_writes_then_edits_their_review_and_is_told(client, product, member):
    client.force_login(member)

    client.post("/products/sync/review/", {"rating": "4", "title": "Good", "body": "Fast."})
    form = client.get("/products/sync/review/").content.decode()
    response = client.post("/products/sync/review/", {"rating": "2", "title": "Slower now"}, follow=True)

    review = Review.objects.get(author=member)
    assert "You reviewed this product before" in form
    assert (review.rating, review.title, review.revisions.count()) == (2, "Slower now", 1)
    assert "Your review is updated" in response.content.decode()


def test_a_new_review_is_shown_where_its_author_lands_however_many_are_more_helpful(client, product, member):
    for review in reviewed(product, *[5] * 12):
        Review.objects.filter(pk=review.pk).update(helpful_count=3)
    client.force_login(member)

    response = client.post("/products/sync/review/", {"rating": "3", "title": "Mine, just now"})
    landed = client.get(response.url).content.decode()

    mine = Review.objects.get(author=member)
    assert response.url == f"/products/sync/?review={mine.pk}#review-{mine.pk}"
    assert f'id="review-{mine.pk}"' in landed and "Mine, just now" in landed


def test_after_a_reply_staff_land_where_the_review_is_shown(client, product, staff):
    old = reviewed(product, 1)[0]
    for review in reviewed(product, *[5] * 12):
        Review.objects.filter(pk=review.pk).update(helpful_count=3)
    client.force_login(staff)

    response = client.post(f"/products/sync/reviews/{old.pk}/reply/", {"body": "We fixed it in 4.3."})
    landed = client.get(response.url).content.decode()

    assert response.url == f"/products/sync/?review={old.pk}#review-{old.pk}"
    assert f'id="review-{old.pk}"' in landed and "We fixed it in 4.3." in landed


@pytest.mark.parametrize("rating", ["0", "6", "abc", ""])
def test_a_bad_rating_is_a_form_error(client, product, member, rating):
    client.force_login(member)

    response = client.post("/products/sync/review/", {"rating": rating, "title": "Hm"})

    assert response.status_code == 422
    assert "Choose from 1 to 5 stars." in response.content.decode()
    assert not Review.objects.exists()


def test_writing_a_review_signed_out_asks_to_sign_in_first(client, product):
    response = client.get("/products/sync/review/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/products/sync/review/"


def test_unverified_members_are_told_to_verify(client, product):
    client.force_login(MemberFactory(verified=False))

    response = client.post("/products/sync/review/", {"rating": "4", "title": "Hi"})

    assert response.status_code == 422
    assert "verify your email" in response.content.decode()


def test_scripts_in_reviews_are_inert(client, product):
    services.submit_review(
        MemberFactory(),
        product,
        rating=3,
        title="<img src=x onerror=alert(1)>",
        body="<script>x()</script> [a](javascript:alert(1))",
    )

    body = client.get("/products/sync/").content.decode()

    assert "<img src=x" not in body and "<script>x()" not in body and 'href="javascript:' not in body


def test_helpful_votes_from_the_page_with_and_without_htmx(client, product, member):
    review = reviewed(product, 4)[0]
    client.force_login(member)

    client.post(f"/products/sync/reviews/{review.pk}/helpful/")
    fragment = client.post(
        f"/products/sync/reviews/{review.pk}/helpful/", {"action": "withdraw"}, HTTP_HX_REQUEST="true"
    )

    assert fragment.status_code == 200
    assert f'id="helpful-{review.pk}"' in fragment.content.decode()
    review.refresh_from_db()
    assert review.helpful_count == 0


def test_marking_ones_own_review_helpful_is_refused_with_a_message(client, product, member):
    review = services.submit_review(member, product, rating=4, title="Mine").review
    client.force_login(member)

    response = client.post(f"/products/sync/reviews/{review.pk}/helpful/", follow=True)

    assert "cannot mark your own review" in response.content.decode()
    review.refresh_from_db()
    assert review.helpful_count == 0


def test_staff_reply_from_the_page_and_members_cannot(client, product, member, staff):
    review = reviewed(product, 2)[0]
    client.force_login(member)
    client.post(f"/products/sync/reviews/{review.pk}/reply/", {"body": "Not the company"})
    client.force_login(staff)

    client.post(f"/products/sync/reviews/{review.pk}/reply/", {"body": "We fixed it in 4.3."})
    body = client.get("/products/sync/").content.decode()

    assert "Not the company" not in body
    assert "We fixed it in 4.3." in body and "Official reply" in body


def test_the_product_page_shows_the_most_demanded_open_ideas(client, board, product, staff):
    wanted = IdeaFactory(title="Pause on metered networks", product=product, vote_count=9)
    IdeaFactory(title="Shipped already", product=product, status=status("shipped"), vote_count=50)
    IdeaFactory(title="Another product")

    body = client.get("/products/sync/").content.decode()

    assert "What customers ask us to improve" in body
    assert f'href="/ideas/{wanted.pk}-pause-on-metered-networks/"' in body
    assert "Shipped already" not in body and "Another product" not in body
    assert "/ideas/?product=sync" in body


def test_an_idea_shows_how_its_voters_rate_the_product(client, board, product):
    idea = IdeaFactory(product=product)
    for stars in (2, 4):
        voter = MemberFactory()
        idea_services.cast_vote(voter, idea)
        services.submit_review(voter, product, rating=stars, title="Hm")
    services.submit_review(MemberFactory(), product, rating=5, title="Not a voter")

    body = client.get(f"/ideas/{idea.pk}-{idea.slug}/").content.decode()

    assert "Voters who reviewed Sync rate it 3.0 out of 5 (2 reviews)." in body


def test_no_email_is_sent_when_a_demo_like_member_opted_out(product, staff, django_capture_on_commit_callbacks):
    quiet = MemberFactory(channels={"review_replies": "in_app"})
    review = services.submit_review(quiet, product, rating=3, title="Fine").review

    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_review(staff, review, "Thanks")

    assert mail.outbox == []


def test_the_page_shows_the_products_picture_and_its_rating_at_a_glance(client, product):
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from tests.factories.pictures import picture

    product.image = Image.objects.create(title="Sync on a laptop", file=ImageFile(picture(size=(600, 400)), "sync.png"))
    product.save_revision().publish()
    reviewed(product, 4, 5)

    body = client.get("/products/sync/").content.decode()

    assert 'class="product__image"' in body
    assert '<a class="product__rating" href="#reviews">' in body and "4.5 of 5 · 2 reviews" in body
