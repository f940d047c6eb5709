import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from community.models import User
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "new.member@example.org",
    "display_name": "  New   Member ",
    "password1": "correct-horse-battery-42",
    "password2": "correct-horse-battery-42",
}


def signup(client, language="en", **overrides):
    client.cookies["django_language"] = language
    return client.post(reverse("account_signup"), {**GOOD, **overrides})


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_it_creates_a_member_with_a_display_name_and_asks_to_verify_the_address(client, site, mailoutbox):
    response = signup(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    member = User.objects.get(email="new.member@example.org")
    assert member.display_name == "New Member"
    assert not member.can_post()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.member@example.org"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_a_member_cannot_sign_in_before_verifying(client, site, mailoutbox):
    signup(client)

    response = client.post(reverse("account_login"), {"login": GOOD["email"], "password": GOOD["password1"]})

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verifying_lets_the_member_sign_in_post_and_sends_one_welcome(
    client, site, mailoutbox, django_capture_on_commit_callbacks
):
    signup(client)
    link = confirmation_link(mailoutbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    client.post(link)  # a second click changes nothing

    assert response.status_code == 302
    member = User.objects.get(email=GOOD["email"])
    assert member.can_post()
    assert member.welcome_email_sent_at is not None
    welcomes = [m for m in mailoutbox if "Welcome" in m.subject]
    assert len(welcomes) == 1
    assert "New Member" in welcomes[0].subject
    response = client.post(reverse("account_login"), {"login": GOOD["email"], "password": GOOD["password1"]})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_opening_the_link_where_one_signed_up_confirms_and_signs_in_at_once(client, site, mailoutbox):
    signup(client)

    response = client.get(confirmation_link(mailoutbox[0]), follow=True)

    member = User.objects.get(email=GOOD["email"])
    assert member.can_post()
    assert int(client.session["_auth_user_id"]) == member.pk
    assert response.redirect_chain[-1][0] == "/"


def test_the_link_opened_elsewhere_confirms_but_never_signs_in(client, site, mailoutbox):
    from django.test import Client

    signup(client)
    elsewhere = Client()

    response = elsewhere.get(confirmation_link(mailoutbox[0]), follow=True)

    assert User.objects.get(email=GOOD["email"]).can_post()
    assert "_auth_user_id" not in elsewhere.session
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_a_used_link_says_how_to_go_on(client, site, mailoutbox):
    signup(client)
    link = confirmation_link(mailoutbox[0])
    client.get(link)
    client.logout()

    body = client.get(link).content.decode()

    assert "This link was used already or has expired." in body
    assert f'href="{reverse("account_login")}"' in body


@pytest.mark.parametrize(
    ("language", "field", "value", "message"),
    [
        ("en", "email", "not-an-email", "Enter a valid email address."),
        ("de", "email", "not-an-email", "Bitte gültige E-Mail-Adresse eingeben."),
        ("en", "password1", "short", "This password is too short."),
        ("de", "password1", "short", "Dieses Passwort ist zu kurz."),
        ("en", "password1", "1234567890123", "This password is entirely numeric."),
        ("en", "display_name", "   ", "This field is required."),
        ("de", "display_name", "   ", "Dieses Feld muss ausgefüllt werden."),
    ],
)
def test_it_shows_clear_errors_for_bad_input_in_both_languages(client, site, language, field, value, message):
    data = {field: value}
    if field == "password1":
        data["password2"] = value

    response = signup(client, language=language, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email=GOOD["email"]).exists()


def test_a_taken_email_is_not_revealed_but_its_owner_is_told(client, site, mailoutbox):
    owner = MemberFactory(email="taken@example.org")

    response = signup(client, email="TAKEN@example.org")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert EmailAddress.objects.filter(email__iexact="taken@example.org").count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [owner.email]
    assert "already" in mailoutbox[0].body.lower()


def test_the_database_refuses_two_members_with_the_same_address_in_other_case(db):
    from django.db import IntegrityError, transaction

    MemberFactory(email="case@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="CASE@example.org")


def test_the_confirmation_email_speaks_in_the_communitys_name(client, site, mailoutbox):
    signup(client)

    assert "Tandem Community" in mailoutbox[0].body
    assert "testserver!" not in mailoutbox[0].body
