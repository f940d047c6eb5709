"""A visitor becomes a member: home, German, sign up, verify, sign in, sign out."""

import re

import pytest
from playwright.sync_api import expect

from community.models import User
from tests.e2e.helpers import open_account_menu

pytestmark = [pytest.mark.e2e]


def test_a_visitor_signs_up_in_german_verifies_signs_in_and_out(
    page, live_server, seeded_site, mailoutbox, assert_accessible
):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Welcome to our product community")
    assert_accessible(page)

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()

    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_accessible(page)

    page.get_by_role("navigation", name="Dein Konto").get_by_role("link", name="Registrieren").click()
    expect(page.locator("h1")).to_have_text("Registrieren")
    assert_accessible(page)

    page.get_by_role("button", name="Registrieren").click()  # empty form: errors, not a crash
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("E-Mail").fill("lena@example.org")
    page.get_by_label("Anzeigename").fill("Lena")
    page.get_by_label("Passwort", exact=False).first.fill("ein-gutes-passwort-77")
    page.get_by_label("Passwort (Wiederholung)").fill("ein-gutes-passwort-77")
    page.get_by_role("button", name="Registrieren").click()
    expect(page.locator("h1")).to_contain_text("E-Mail")
    assert_accessible(page)

    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)
    page.goto(live_server.url + link)  # confirms and signs in: no button, no second sign-in

    expect(page.locator("summary[aria-label='Konto von Lena']")).to_be_visible()
    assert_accessible(page)
    assert User.objects.get(email="lena@example.org").can_post()

    open_account_menu(page)
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("navigation", name="Dein Konto").get_by_role("link", name="Anmelden")).to_be_visible()
    assert_accessible(page)


def test_the_pages_fit_a_320_pixel_screen(page, live_server, seeded_site, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/guidelines/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert_accessible(page)
