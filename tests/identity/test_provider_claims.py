"""The pieces behind sign-in that the browser tests reach only on PostgreSQL: an identity
provider's claims mapped on its Social login entry, a connected app's picture fetched
from its server, and key sets that cannot be read."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from PIL import Image

from community.identity import avatars, oidc, services
from community.identity.tokens import TokenRefused, verify
from community.models import AttributeChange, ConnectedApp, Segment, User
from tests.factories import MemberFactory
from tests.factories.identity import connected_app, token

pytestmark = pytest.mark.django_db


def login_for(member, provider="acme-sso", extra=None):
    account = SocialAccount(user=member, provider=provider, uid="ada", extra_data=extra or {})
    return SocialLogin(user=member, account=account)


@pytest.fixture
def acme_sso():
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme-sso",
        name="Acme SSO",
        client_id="tandem",
        settings={"server_url": "https://id.acme.example", "claims": {"external_id": "crm_id", "segment": "tier"}},
    )


def test_the_mapped_claims_of_an_identity_provider_are_applied(acme_sso):
    Segment.objects.create(name="Enterprise")
    member = MemberFactory()
    userinfo = {"sub": "ada", "crm_id": "ACME-1", "tier": "Enterprise", "name": "Ada Lovelace", "locale": "de-DE"}

    oidc.apply(login_for(member, extra={"userinfo": userinfo, "id_token": {"sub": "ada"}}))

    member.refresh_from_db()
    assert (member.external_id, member.segment.name, member.display_name, member.language) == (
        "ACME-1", "Enterprise", "Ada Lovelace", "de",
    )  # fmt: skip
    assert set(AttributeChange.objects.filter(member=member).values_list("source", flat=True)) == {"Acme SSO"}


def test_claims_not_mapped_are_not_read(acme_sso):
    acme_sso.settings = {"server_url": "https://id.acme.example"}
    acme_sso.save()
    member = MemberFactory()
    assert oidc.provider_claims(login_for(member, extra={"id_token": {"crm_id": "ACME-1"}})) == {}


def test_other_social_sign_ins_are_left_alone():
    SocialApp.objects.create(provider="github", name="GitHub", client_id="abc")
    member = MemberFactory()
    assert oidc.provider_claims(login_for(member, provider="github", extra={"name": "Someone"})) is None


def test_the_signals_apply_them(acme_sso):
    from allauth.socialaccount.signals import social_account_updated

    member = MemberFactory()
    social_account_updated.send(
        sender=SocialLogin, request=None, sociallogin=login_for(member, extra={"userinfo": {"crm_id": "ACME-9"}})
    )
    member.refresh_from_db()
    assert member.external_id == "ACME-9"


# --- A connected app's picture -----------------------------------------------------------


def png(size=(32, 32)) -> bytes:
    data = BytesIO()
    Image.new("RGB", size, "teal").save(data, "PNG")
    return data.getvalue()


@pytest.fixture
def picture_server():
    served = {"/anna.png": (200, png()), "/text": (200, b"not a picture"), "/gone": (404, b"")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = served.get(self.path, (404, b""))
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", served
    server.shutdown()


def member_with_picture(url: str) -> User:
    return MemberFactory(company_profile={"avatar": url})


def test_the_picture_is_downloaded_checked_and_kept(picture_server):
    base, _served = picture_server
    member = member_with_picture(f"{base}/anna.png")

    assert avatars.fetch_avatar(member.pk, f"{base}/anna.png") is True
    member.refresh_from_db()
    assert member.avatar.name.endswith(".jpg")


@pytest.mark.parametrize("path", ["/text", "/gone"])
def test_what_is_not_a_picture_is_left_aside(picture_server, path):
    base, _served = picture_server
    member = member_with_picture(f"{base}{path}")
    assert avatars.fetch_avatar(member.pk, f"{base}{path}") is False
    member.refresh_from_db()
    assert not member.avatar


def test_a_picture_larger_than_the_limit_is_not_read_to_the_end(picture_server, monkeypatch):
    base, served = picture_server
    served["/huge.png"] = (200, b"x" * 300_000)
    from community.pictures.images import Limits

    monkeypatch.setattr(avatars.profiles, "AVATAR_LIMITS", Limits(max_bytes=100_000, max_side=4_000, max_pixels=10**7))
    member = member_with_picture(f"{base}/huge.png")
    assert avatars.fetch_avatar(member.pk, f"{base}/huge.png") is False


def test_a_superseded_address_or_a_private_one_fetches_nothing(picture_server, settings):
    base, _served = picture_server
    member = member_with_picture(f"{base}/anna.png")
    assert avatars.fetch_avatar(member.pk, f"{base}/older.png") is False
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    assert avatars.fetch_avatar(member.pk, f"{base}/anna.png") is False


# --- Keys that cannot be read ------------------------------------------------------------


def test_an_unreachable_key_set_refuses_the_token(monkeypatch):
    import requests

    def down(url, **kwargs):
        raise requests.ConnectionError("refused")

    monkeypatch.setattr("community.identity.tokens.requests.get", down)
    from cryptography.hazmat.primitives.asymmetric import ec

    connected_app(algorithm="ES256", jwks_url="https://app.example.com/jwks.json")
    with pytest.raises(TokenRefused) as refused:
        verify(token(key=ec.generate_private_key(ec.SECP256R1()), algorithm="ES256"))
    assert refused.value.code == "unknown_key"


def test_a_secret_encrypted_with_a_key_no_longer_configured_is_said_plainly(settings):
    from cryptography.fernet import Fernet

    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    connected_app()
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(TokenRefused) as refused:
        services.identify(token())
    assert refused.value.code == "unknown_key"
    assert "set it again" in str(refused.value.message)
    assert "unknown_key" in ConnectedApp.objects.get().last_problem
