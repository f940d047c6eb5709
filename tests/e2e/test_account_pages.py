"""Every allauth page a member meets uses our layout and passes axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.e2e]


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_a_member_resets_a_forgotten_password(page, live_server, seeded_site, mailoutbox, assert_accessible):
    member = MemberFactory(email="forgetful@example.org")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    assert_accessible(page)
    page.get_by_label("Email").fill(member.email)
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")
    assert_accessible(page)

    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    page.goto(live_server.url + link)
    assert_accessible(page)
    page.locator("#id_password1").fill("a-brand-new-password-9")
    page.get_by_label("New Password (again)").fill("a-brand-new-password-9")
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Password")
    assert_accessible(page)

    sign_in(page, live_server.url, member.email, "a-brand-new-password-9")
    expect(page.locator(f'summary[aria-label="Account of {member.display_name}"]')).to_be_visible()


def test_the_account_settings_pages_are_accessible(page, live_server, seeded_site, assert_accessible):
    member = MemberFactory()
    sign_in(page, live_server.url, member.email, PASSWORD)

    for path, heading in [
        ("/accounts/email/", "Email Address"),
        ("/accounts/password/change/", "Change Password"),
        ("/accounts/2fa/", "Two-Factor Authentication"),
        ("/accounts/3rdparty/", "Account Connections"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("navigation", name="Account settings")).to_be_visible()
        assert_accessible(page)

    page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Authenticator")
    assert_accessible(page)
