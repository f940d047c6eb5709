"""A member downloads their data, then deletes their account; what they posted stays
under "former member"."""

import json

import pytest
from playwright.sync_api import expect

from ideas import services
from tests.e2e.helpers import go_to_own_profile, sign_in
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e]


def test_a_member_downloads_their_data_and_deletes_their_account(page, live_server, board, assert_accessible):
    member = MemberFactory(display_name="Grace Hopper", email="grace@example.org")
    idea = services.submit_idea(member, title="Nanoseconds on the dashboard")

    sign_in(page, live_server.url, member.email)
    go_to_own_profile(page)
    page.get_by_role("link", name="Edit your profile").click()
    page.get_by_role("navigation", name="Account settings").get_by_role("link", name="Your data").click()
    expect(page.get_by_role("button", name="Prepare my download")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Prepare my download").click()
    expect(page.get_by_text("We are preparing your download.")).to_be_visible()
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (until").click()
    data = json.loads(download.value.path().read_text())
    assert data["account"]["email"] == "grace@example.org"
    assert data["ideas"]["ideas"][0]["title"] == "Nanoseconds on the dashboard"

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_label("Type your email address to confirm")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Type your email address to confirm").fill("grace@example.org")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in")).to_be_visible()

    page.goto(f"{live_server.url}/ideas/{idea.pk}-{idea.slug}/")
    expect(page.get_by_text("by Former member")).to_be_visible()
