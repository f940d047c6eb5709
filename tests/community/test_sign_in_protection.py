import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


def fail_login(client, url, field, email, times):
    responses = []
    for _ in range(times):
        responses.append(client.post(url, {field: email, "password": "wrong-password"}, REMOTE_ADDR="10.0.0.7"))
    return responses


def test_the_site_sign_in_locks_an_address_after_five_failures(client, site):
    member = MemberFactory()

    responses = fail_login(client, reverse("account_login"), "login", member.email, 5)
    locked = client.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "Too many failed sign-in attempts" in responses[-1].content.decode()
    # From that IP even the right password is refused now.
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_the_address_in_any_case(client, site):
    member = MemberFactory()

    responses = fail_login(client, reverse("account_login"), "login", member.email.upper(), 5)
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")

    assert responses[-1].status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_is_the_community_sign_in_so_the_lockout_covers_staff(client, site):
    staff = MemberFactory(is_staff=True, is_superuser=True)

    bypass = client.post(reverse("wagtailadmin_login"), {"username": staff.email, "password": PASSWORD})
    responses = fail_login(client, reverse("account_login"), "login", staff.email, 5)

    assert bypass.status_code == 302
    assert bypass.url.startswith(reverse("account_login"))
    assert responses[-1].status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_with_two_factor_must_give_a_code_when_signing_in(client, site):
    staff = MemberFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})

    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_another_address_from_the_same_network_can_still_sign_in(client, site):
    victim, other = MemberFactory(), MemberFactory()
    fail_login(client, reverse("account_login"), "login", victim.email, 5)

    response = client.post(
        reverse("account_login"), {"login": other.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == other.pk


def test_the_admin_sends_sign_in_through_the_community_sign_in(client, site):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/admin/")


def test_staff_without_two_factor_are_sent_to_set_it_up(client, staff):
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_two_factor_reach_the_admin(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200


def test_members_can_set_up_two_factor_authentication_after_confirming_their_password(client, member):
    client.force_login(member)

    asked = client.get(reverse("mfa_activate_totp"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))

    assert asked.status_code == 302
    assert asked.url.startswith(reverse("account_reauthenticate"))
    assert response.status_code == 200
    assert "authenticator" in response.content.decode().lower()
    assert 'name="code"' in response.content.decode()


def test_enumeration_prevention_and_login_rate_limits_are_on(settings):
    from allauth.account import app_settings

    assert app_settings.PREVENT_ENUMERATION is True
    assert app_settings.RATE_LIMITS["login_failed"]
    assert app_settings.EMAIL_VERIFICATION == app_settings.EmailVerificationMethod.MANDATORY


def sign_in(email, password, ip):
    browser = Client()
    return browser, browser.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_from_other_addresses_do_not_keep_the_owner_out(site):
    owner = MemberFactory()
    failed = [sign_in(owner.email, "wrong-password", f"203.0.113.{number + 1}")[1] for number in range(5)]

    browser, response = sign_in(owner.email, PASSWORD, "192.0.2.50")

    assert [answer.status_code for answer in failed] == [200] * 5
    assert response.status_code == 302
    assert response.url == "/"
    assert int(browser.session["_auth_user_id"]) == owner.pk


def test_an_address_failed_from_everywhere_signs_in_with_its_password_and_an_emailed_code(site, mailoutbox, settings):
    settings.SIGNIN_CODE_AFTER_FAILURES = 10
    owner = MemberFactory()
    for number in range(12):  # four each from three IPs: no (address, IP) pair is locked
        sign_in(owner.email, "wrong-password", f"203.0.113.{number % 3 + 1}")

    browser, response = sign_in(owner.email, PASSWORD, "192.0.2.50")

    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    assert "_auth_user_id" not in browser.session
    assert [message.to for message in mailoutbox] == [[owner.email]]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[0].body, re.MULTILINE).group(1)
    wrong = browser.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"}, REMOTE_ADDR="192.0.2.50")
    assert "_auth_user_id" not in browser.session and wrong.status_code == 200
    signed_in = browser.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR="192.0.2.50")
    assert signed_in.status_code == 302
    assert int(browser.session["_auth_user_id"]) == owner.pk


def test_a_stranger_with_the_right_password_for_an_address_under_attack_does_not_get_in(site, mailoutbox, settings):
    settings.SIGNIN_CODE_AFTER_FAILURES = 3
    owner = MemberFactory()
    for number in range(3):
        sign_in(owner.email, "wrong-password", f"203.0.113.{number + 1}")

    browser, response = sign_in(owner.email, PASSWORD, "203.0.113.77")

    assert response.url == reverse("account_confirm_login_code")
    assert "_auth_user_id" not in browser.session  # the code went to the owner's inbox
