import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from tests.factories import PASSWORD


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def sign_in_with_code(page, base_url: str, person) -> None:
    """Staff sign in with a second factor, as the admin requires."""
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    sign_in(page, base_url, person.email)
    left = 30 - time.time() % 30
    if left < 5:  # a code typed at the end of its 30 s reaches the server in the next window: refused
        time.sleep(left)
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.get_by_role("button", name="Sign In").click()


def open_account_menu(page) -> None:
    """The header's account menu (a disclosure) holds the profile, settings and sign-out."""
    menu = page.locator("details.account-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def sign_out(page) -> None:
    open_account_menu(page)
    page.get_by_role("button", name="Sign out").click()


def go_to_own_profile(page) -> None:
    open_account_menu(page)
    page.get_by_role("link", name="Your profile").click()
