"""Searching in a real browser: the header box, a misspelling, tabs, a filter, the
autocomplete, and the invitation to post an idea; every page passes axe."""

import pytest
from playwright.sync_api import expect

from ideas import services
from reviews import services as review_services
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e]


def test_a_visitor_searches_narrows_down_and_is_invited_to_post(page, live_server, board, product, assert_accessible):
    author = MemberFactory()
    services.submit_idea(
        author,
        title="Export activity reports as CSV",
        body="We export the numbers into our spreadsheets.",
        product=product,
    )
    services.submit_idea(author, title="Dark mode for the mobile app", body="Blinding at night.")
    review_services.submit_review(MemberFactory(), product, rating=5, title="Exports never fail", body="Solid.")

    page.goto(f"{live_server.url}/ideas/")
    page.get_by_role("search", name="Search the community").get_by_label("Search ideas, reviews and products").fill(
        "exprot"
    )
    page.keyboard.press("Enter")
    expect(page.get_by_text("Showing results for “export”.")).to_be_visible()
    expect(page.get_by_role("link", name="Export activity reports as CSV")).to_be_visible()
    expect(page.get_by_role("link", name="Exports never fail")).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="What to show").get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("link", name="Export activity reports as CSV")).to_have_count(0)
    page.get_by_role("link", name="5 stars").click()
    expect(page.get_by_role("link", name="Exports never fail")).to_be_visible()
    page.get_by_role("link", name="Exports never fail").click()
    expect(page.get_by_role("heading", name="Exports never fail")).to_be_visible()

    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search ideas, reviews and products").press_sequentially("dark", delay=30)
    expect(page.locator("#search-suggestions").get_by_role("link", name="Dark mode for the mobile app")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search ideas, reviews and products").fill("teleportation")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Nothing matches “teleportation”.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Post “teleportation” as a new idea").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/ideas/new/%3Ftitle%3Dteleportation")
