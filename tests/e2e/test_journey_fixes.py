"""The journeys that went wrong before, walked in a real browser: a merge that tells the
duplicate's author and keeps their words, a new review shown where its author lands, a
buyer type only the member and the team see, an account deletion that says what is
missing beside the field, and a dashboard that counts what waits."""

import pytest
from playwright.sync_api import expect

from community.models import ModerationPolicy, Notification, User
from ideas import services
from reviews import services as reviews
from tests.e2e.helpers import sign_in, sign_in_with_code
from tests.factories import IdeaFactory, MemberFactory, StaffFactory

pytestmark = [pytest.mark.e2e]


def test_a_merged_ideas_author_is_told_and_finds_their_words_on_the_survivor(page, live_server, board):
    author = MemberFactory(display_name="Ada")
    survivor = IdeaFactory(title="Dark mode")
    duplicate = services.submit_idea(author, title="Night theme", body="My eyes hurt **at night**.")
    services.merge_ideas(duplicate, survivor, StaffFactory(), "Same wish as “Dark mode”.")

    sign_in(page, live_server.url, author.email)
    page.get_by_role("link", name="Notifications 1 unread").click()
    page.get_by_role("link", name="Your idea “Night theme” was merged into “Dark mode”").click()

    merged = page.locator(f"#merged-{duplicate.pk}")
    expect(merged.get_by_role("heading", name="Night theme")).to_be_visible()
    expect(merged.locator("strong")).to_have_text("at night")
    expect(merged.get_by_text("Same wish as “Dark mode”.")).to_be_visible()
    assert Notification.objects.filter(recipient=author, topic="account").count() == 1


def test_a_new_review_is_shown_where_its_author_lands(page, live_server, product):
    for reviewer in MemberFactory.create_batch(8):
        review = reviews.submit_review(reviewer, product, rating=5, title="Great").review
        reviews.mark_helpful(MemberFactory(), review)
    author = MemberFactory(display_name="Ada")

    sign_in(page, live_server.url, author.email)
    page.goto(f"{live_server.url}/products/sync/review/")
    page.get_by_label("3 of 5 stars").check()
    page.get_by_label("Title").fill("Mine, just now")
    page.get_by_role("button", name="Post review").click()

    expect(page.get_by_role("heading", name="Mine, just now")).to_be_in_viewport()


def test_the_buyer_type_is_the_members_and_the_teams_alone(page, live_server, seeded_site):
    member = MemberFactory(display_name="Ada")
    User.objects.filter(pk=member.pk).update(archetype="salesman")

    page.goto(f"{live_server.url}/members/{member.pk}/")
    expect(page.get_by_text("Salesman")).to_have_count(0)
    sign_in(page, live_server.url, member.email)
    page.goto(f"{live_server.url}/members/{member.pk}/")
    expect(page.get_by_text("Only you and the team see it.")).to_be_visible()


def test_deleting_an_account_without_the_address_says_so_beside_the_field(page, live_server, seeded_site):
    member = MemberFactory()

    sign_in(page, live_server.url, member.email)
    page.goto(live_server.url + "/privacy/delete/")
    page.get_by_role("button", name="Delete my account for good").click()

    field = page.get_by_label("Type your email address to confirm")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_confirm_email_error")).to_have_text("This field is required.")
    assert User.objects.get(pk=member.pk).deleted_at is None


def test_the_dashboard_counts_what_waits(page, live_server, board):
    ModerationPolicy.objects.update_or_create(defaults={"pre_moderation": True})
    for title in ("Held one", "Held two"):
        services.submit_idea(MemberFactory(), title=title)

    sign_in_with_code(page, live_server.url, StaffFactory())
    page.goto(live_server.url + "/admin/")

    panel = page.get_by_role("region", name="Waiting for you")
    expect(panel.get_by_role("link", name="2 posts wait for a moderator")).to_be_visible()
    panel.get_by_role("link", name="2 posts wait for a moderator").click()
    expect(page.get_by_role("link", name="Held one")).to_be_visible()
