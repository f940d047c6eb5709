"""The header as members meet it: one row on a wide screen, folded behind a menu button
on a phone (Escape closes it and gives the focus back), an account menu that holds the
member's links, and a notification count readable in both colour schemes."""

import pytest
from playwright.sync_api import expect

from community.models import Notification
from tests.e2e.helpers import open_account_menu, sign_in
from tests.factories import IdeaFactory, MemberFactory

pytestmark = [pytest.mark.e2e]


def test_on_a_phone_the_menu_button_opens_and_closes_the_navigation(page, live_server, board, assert_accessible):
    IdeaFactory(title="Offline folders on Android", body="Mark a **folder** as available offline.\n\nMore later.")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/ideas/")

    menu_button = page.get_by_role("button", name="Menu")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    card = page.locator(".idea-card").first
    expect(card.locator(".idea-card__excerpt")).to_have_text("Mark a folder as available offline.")
    assert card.bounding_box()["y"] < 700  # the first idea is on the first screen
    assert_accessible(page)

    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Ideas")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search ideas, reviews and products")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sign in").focus()
    page.keyboard.press("Escape")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(menu_button).to_be_focused()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_wide_screen_the_header_is_one_row_with_the_account_menu(
    page, live_server, board, assert_accessible, scheme
):
    member = MemberFactory(display_name="Grace Hopper")
    Notification.objects.create(recipient=member, event_key="test:1", title="Your idea is planned")
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, member.email)
    page.goto(live_server.url + "/ideas/")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert page.locator(".site-header").bounding_box()["height"] < 80
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    assert_accessible(page)  # the count badge's contrast included

    open_account_menu(page)
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.locator("summary[aria-label='Account of Grace Hopper']")).to_be_focused()
