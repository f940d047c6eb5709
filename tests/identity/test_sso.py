"""Customer single sign-on: the company's token signs its customer in as one member,
and every bad token is refused with a reason, changing nothing."""

import base64
import json
import time

import jwt
import pytest
from allauth.account.models import EmailAddress
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.urls import reverse

from community.errors import InvalidInput
from community.identity import services
from community.models import AttributeChange, ConnectedApp, Segment, SsoTokenUse, User
from community.profiles import services as profiles
from tests.factories import MemberFactory, StaffFactory
from tests.factories.identity import SECRET, connected_app, token

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    return connected_app()


def signed_in_member(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_new_customer_arrives_signed_in_with_what_the_company_knows(client, app):
    Segment.objects.create(name="Enterprise")
    response = client.get(
        reverse("sso"),
        {"token": token(segment="enterprise", value=12000, language="de-DE"), "next": "/ideas/?sort=top"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/ideas/?sort=top"
    assert response["Referrer-Policy"] == "no-referrer"
    member = signed_in_member(client)
    assert member.email == "anna@customer.example"
    assert member.external_id == "crm-1001"
    assert member.display_name == "Anna Schmidt"
    assert member.segment.name == "Enterprise"
    assert str(member.customer_value) == "12000.00"
    assert member.language == "de"
    assert EmailAddress.objects.get(user=member).verified
    assert not member.has_usable_password()
    assert member.company_profile == {"name": "Anna Schmidt", "language": "de"}
    changed = set(AttributeChange.objects.filter(member=member, app=app).values_list("attribute", flat=True))
    assert changed == {"display_name", "segment", "customer_value", "language"}
    app.refresh_from_db()
    assert app.last_used_at is not None


def test_a_returning_customer_is_the_same_member_and_every_change_is_in_their_timeline(client, app):
    Segment.objects.create(name="SMB")
    Segment.objects.create(name="Enterprise")
    client.get(reverse("sso"), {"token": token(segment="SMB")})
    client.logout()

    response = client.get(reverse("sso"), {"token": token(segment="Enterprise", email="anna@new.example")})

    assert response.status_code == 302
    assert User.objects.filter(external_id="crm-1001").count() == 1
    member = signed_in_member(client)
    assert member.email == "anna@new.example"
    assert member.segment.name == "Enterprise"
    assert EmailAddress.objects.get(user=member, primary=True).email == "anna@new.example"
    titles = [item.title for item in profiles.timeline(member)]
    assert "segment: SMB → Enterprise" in titles
    assert "email: anna@customer.example → anna@new.example" in titles


def test_a_member_with_the_verified_address_is_linked_not_duplicated(client, app):
    existing = MemberFactory(email="anna@customer.example", display_name="Anna S.")

    client.get(reverse("sso"), {"token": token()})

    existing.refresh_from_db()
    assert signed_in_member(client) == existing
    assert existing.external_id == "crm-1001"
    assert existing.display_name == "Anna Schmidt"
    assert User.objects.count() == 1


def test_an_unconfirmed_account_with_the_address_is_never_taken_over(client, app):
    squatter = MemberFactory(email="anna@customer.example", verified=False)

    response = client.get(reverse("sso"), {"token": token()})

    assert response.status_code == 401
    assert "never confirmed" in response.content.decode()
    squatter.refresh_from_db()
    assert squatter.external_id is None
    assert signed_in_member(client) is None


def test_a_token_for_an_address_that_belongs_to_another_member_changes_nothing(client, app):
    other = MemberFactory(email="boss@customer.example", external_id="crm-7")
    client.get(reverse("sso"), {"token": token()})
    client.logout()

    response = client.get(reverse("sso"), {"token": token(email="boss@customer.example")})

    assert response.status_code == 401
    assert "belongs to another member" in response.content.decode()
    assert User.objects.get(external_id="crm-1001").email == "anna@customer.example"
    other.refresh_from_db()
    assert other.external_id == "crm-7"
    assert signed_in_member(client) is None
    app.refresh_from_db()
    assert app.last_problem.startswith("email_taken")


def test_a_staff_account_never_signs_in_through_an_app(client, app):
    StaffFactory(email="anna@customer.example")

    response = client.get(reverse("sso"), {"token": token()})

    assert response.status_code == 401
    assert signed_in_member(client) is None


def unsigned(**claims_given) -> str:
    from tests.factories.identity import claims

    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims(**claims_given))}."


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: token(exp=int(time.time()) - 120), "expired"),
        (lambda: token(key="another-secret-of-the-same-good-length-0123456789"), "bad_signature"),
        (lambda: token()[:-4] + "AAAA", "bad_signature"),
        (lambda: token(aud="https://elsewhere.example"), "wrong_audience"),
        (unsigned, "unsigned"),
        (lambda: token(iss="https://stranger.example"), "unknown_issuer"),
        (lambda: token(jti=None), "missing_claim"),
        (lambda: token(sub=None), "missing_claim"),
        (lambda: token(email="not an address"), "bad_claim"),
        (lambda: token(exp=int(time.time()) + 86_400), "lifetime_too_long"),
        (lambda: token(iat=int(time.time()) + 3_600), "not_yet_valid"),
        (lambda: "garbage", "malformed"),
        (lambda: "", "malformed"),
    ],
)
def test_every_bad_token_is_refused_with_its_reason_and_nothing_changes(client, app, make, code):
    response = client.get(reverse("sso"), {"token": make(), "next": "/ideas/"})

    assert response.status_code == 401
    body = response.content.decode()
    assert f"<code>{code}</code>" in body
    assert "Sign in another way" in body
    assert response["Cache-Control"] == "private, no-store"
    assert not User.objects.exists()
    assert not SsoTokenUse.objects.exists()
    assert signed_in_member(client) is None


def test_a_token_is_used_once(client, app):
    once = token()
    assert client.get(reverse("sso"), {"token": once}).status_code == 302
    client.logout()

    response = client.get(reverse("sso"), {"token": once})

    assert response.status_code == 401
    assert "<code>replayed</code>" in response.content.decode()
    assert signed_in_member(client) is None


def test_an_inactive_app_signs_nobody_in(client, app):
    ConnectedApp.objects.update(is_active=False)
    assert client.get(reverse("sso"), {"token": token()}).status_code == 401


def test_next_never_leads_to_another_site(client, app):
    response = client.get(reverse("sso"), {"token": token(), "next": "https://evil.example/phish"})
    assert response["Location"] == "/"


def test_rs256_with_the_apps_public_key(client):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    connected_app(algorithm="RS256", public_key=public_pem)

    assert client.get(reverse("sso"), {"token": token(key=private, algorithm="RS256")}).status_code == 302
    client.logout()
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused = client.get(reverse("sso"), {"token": token(key=other, algorithm="RS256")})
    assert "<code>bad_signature</code>" in refused.content.decode()
    # An HS256 token "signed" with the public key itself: the algorithm is the app's, not the token's.
    confused = client.get(reverse("sso"), {"token": token(key=SECRET, algorithm="HS256")})
    assert "<code>wrong_algorithm</code>" in confused.content.decode()


def test_es256_from_the_apps_key_set_and_an_unknown_key(client, monkeypatch):
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key()))
    fetched = []

    class Answer:
        def raise_for_status(self):
            pass

        def json(self):
            return {"keys": [{**jwk, "kid": "key-2026", "use": "sig", "alg": "ES256"}]}

    def fake_get(url, **kwargs):
        fetched.append(url)
        return Answer()

    monkeypatch.setattr("community.identity.tokens.requests.get", fake_get)
    connected_app(algorithm="ES256", jwks_url="https://app.example.com/.well-known/jwks.json")

    ok = client.get(reverse("sso"), {"token": token(key=private, algorithm="ES256", headers={"kid": "key-2026"})})
    assert ok.status_code == 302
    client.logout()
    unknown = client.get(reverse("sso"), {"token": token(key=private, algorithm="ES256", headers={"kid": "key-1999"})})
    assert "<code>unknown_key</code>" in unknown.content.decode()
    # The key set is kept; an unknown key id asks again, at most once a minute.
    assert fetched == ["https://app.example.com/.well-known/jwks.json"]


def test_what_the_community_does_not_know_is_left_aside_and_shown_to_staff(client, app):
    response = client.get(reverse("sso"), {"token": token(segment="Galactic", value="lots")})

    assert response.status_code == 302
    member = signed_in_member(client)
    assert member.segment is None and member.customer_value is None
    app.refresh_from_db()
    assert "There is no segment “Galactic”." in app.last_problem
    assert "“value” must be a number" in app.last_problem


def test_the_name_from_the_company_is_read_only_for_the_member(client, app):
    client.get(reverse("sso"), {"token": token()})

    page = client.get(reverse("edit_profile"))
    assert "This comes from your company&#x27;s account" in page.content.decode()
    client.post(reverse("edit_profile"), {"display_name": "Someone Else", "bio": "Hello"})

    member = User.objects.get(external_id="crm-1001")
    assert member.display_name == "Anna Schmidt"
    assert member.bio == "Hello"
    with pytest.raises(InvalidInput) as refused:
        profiles.update_profile(member, display_name="Someone Else", bio="", avatar=None, remove_avatar=False)
    assert "company" in str(refused.value.details["display_name"][0])


def test_the_picture_the_company_names_is_fetched_once_and_kept_here(
    client, app, monkeypatch, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from PIL import Image

    picture = BytesIO()
    Image.new("RGB", (40, 40), "teal").save(picture, "PNG")
    downloads = []

    def download(url, address):
        downloads.append(url)
        return picture.getvalue()

    monkeypatch.setattr("community.identity.avatars.check_url", lambda url, resolve: ["203.0.113.9"])
    monkeypatch.setattr("community.identity.avatars._download", download)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("sso"), {"token": token(avatar="https://cdn.example.com/anna.png")})
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("sso"), {"token": token(avatar="https://cdn.example.com/anna.png")})

    member = User.objects.get(external_id="crm-1001")
    assert member.avatar.name.endswith(".jpg")
    assert downloads == ["https://cdn.example.com/anna.png"]


def test_a_plain_http_picture_address_is_refused(client, app):
    client.get(reverse("sso"), {"token": token(avatar="http://cdn.example.com/anna.png")})
    app.refresh_from_db()
    assert "https" in app.last_problem


def test_identify_is_the_one_way_in_for_pages_and_the_widget(app):
    found = services.identify(token())
    assert found.created and found.member.external_id == "crm-1001"
    again = services.identify(token(name="Anna M. Schmidt"))
    assert not again.created
    assert [change.attribute for change in again.changes] == ["display_name"]


def test_used_token_ids_are_forgotten_after_they_expire(app):
    from datetime import timedelta

    from django.utils import timezone

    from community.operations import retention

    services.identify(token())
    assert retention.apply(now=timezone.now() + timedelta(hours=2))["used sign-in tokens"] == 1


def test_an_identity_providers_claims_never_take_another_members_crm_id():
    holder = MemberFactory(external_id="ACME-7")
    member = MemberFactory()

    found = services.apply_provider_claims(member, {"external_id": "ACME-7", "name": "Ada L."}, source="Acme SSO")

    member.refresh_from_db()
    assert member.external_id is None
    assert member.display_name == "Ada L."
    assert "belongs to another member" in found.problems[0]
    holder.refresh_from_db()
    assert holder.external_id == "ACME-7"
    assert [item.kind for item in profiles.timeline(member)] == ["Changed by Acme SSO"]
