"""A review's life in a real browser: written, found helpful, answered; every page passes axe."""

import pytest
from playwright.sync_api import expect

from community.models import Notification
from reviews import services
from reviews.models import Review
from tests.e2e.helpers import sign_in, sign_out
from tests.factories import MemberFactory, StaffFactory

pytestmark = [pytest.mark.e2e]


def test_a_review_is_written_found_helpful_and_answered(page, live_server, product, assert_accessible):
    services.submit_review(MemberFactory(), product, rating=2, title="Too slow for us")
    author, reader = MemberFactory(display_name="Ada"), MemberFactory(display_name="Grace")
    staff = StaffFactory(display_name="Product team")
    url = f"{live_server.url}/products/sync/"

    sign_in(page, live_server.url, author.email)
    page.goto(url)
    expect(page.get_by_text("2.0 out of 5, from 1 review")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write a review").click()
    page.get_by_label("4 of 5 stars").check()
    page.get_by_label("Title").fill("Reliable and simple")
    page.get_by_label("Your review").fill("Setup took **ten minutes**.")
    page.get_by_label("Pros").fill("Fast")
    assert_accessible(page)
    page.get_by_role("button", name="Post review").click()
    expect(page.get_by_text("Thank you! Your review is posted.")).to_be_visible()
    expect(page.get_by_text("3.0 out of 5, from 2 reviews")).to_be_visible()
    expect(page.get_by_text("1 review (50%)").first).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, reader.email)
    page.goto(url)
    review = Review.objects.get(author=author)
    helpful = page.locator(f"#helpful-{review.pk} button")
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.click()  # HTMX swaps the button in place
    expect(page.locator(f"#helpful-{review.pk} button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#helpful-{review.pk} button")).to_contain_text("Helpful (1)")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, staff.email)
    page.goto(url + "?sort=newest")
    card = page.locator(f"#review-{review.pk}")
    card.get_by_text("Reply officially").click()
    card.get_by_label("Official reply").fill("Thank you, Ada! Offline folders come next.")
    card.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted under the review.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, author.email)
    page.goto(live_server.url + "/notifications/")
    expect(page.get_by_text("The team answered your review of Sync")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="The team answered your review of Sync").click()
    expect(page.locator(f"#review-{review.pk} .review__reply")).to_contain_text("Offline folders come next.")
    assert_accessible(page)
    assert Notification.objects.filter(recipient=author).count() == 1
