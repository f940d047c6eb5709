"""Settings → Connected apps: staff connect the company's app; its secret is shown once
and kept encrypted, and settings no token could pass are refused."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.urls import reverse

from community import crypto
from community.models import ConnectedApp

pytestmark = pytest.mark.django_db


def form(**given):
    data = {
        "name": "Acme Cloud",
        "issuer": "https://app.example.com",
        "audience": "https://community.example.org",
        "algorithm": "HS256",
        "secret": "",
        "public_key": "",
        "jwks_url": "",
        "embed_origins": "https://app.example.com\nhttp://localhost:3000",
        "is_active": "on",
    }
    data.update(given)
    return data


def public_pem(key) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def test_the_new_app_form_offers_a_fresh_secret_that_is_kept_encrypted(admin_client):
    page = admin_client.get(reverse("connected_apps:add")).content.decode()
    assert "copy it into the app&#x27;s settings now" in page
    offered = page.split('name="secret"')[1].split('value="')[1].split('"')[0]
    assert len(offered) >= 40

    response = admin_client.post(reverse("connected_apps:add"), form(secret=offered))

    assert response.status_code == 302
    app = ConnectedApp.objects.get()
    assert offered not in app.secret_encrypted
    assert crypto.decrypt(app.secret_encrypted) == offered
    assert app.origins == ["https://app.example.com", "http://localhost:3000"]
    edit = admin_client.get(reverse("connected_apps:edit", args=[app.pk])).content.decode()
    assert offered not in edit


def test_saving_without_a_new_secret_keeps_the_old_one(admin_client):
    admin_client.post(reverse("connected_apps:add"), form(secret="x" * 40))
    app = ConnectedApp.objects.get()

    admin_client.post(reverse("connected_apps:edit", args=[app.pk]), form(name="Acme"))

    app.refresh_from_db()
    assert app.name == "Acme"
    assert crypto.decrypt(app.secret_encrypted) == "x" * 40


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"secret": "short"}, "at least 32 characters"),
        ({"algorithm": "RS256"}, "either the app&#x27;s public key or the address"),
        ({"algorithm": "RS256", "public_key": "not a key"}, "not a public key in PEM form"),
        ({"algorithm": "ES256", "public_key": "RSA"}, "elliptic-curve public key on P-256"),
        ({"algorithm": "RS256", "public_key": "EC"}, "RSA public key of at least 2048 bits"),
        ({"embed_origins": "https://app.example.com/path"}, "Not an origin"),
        ({"embed_origins": "http://app.example.com"}, "Not an origin"),
    ],
)
def test_settings_no_token_could_pass_are_refused(admin_client, given, message):
    if given.get("public_key") == "RSA":
        given["public_key"] = public_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    if given.get("public_key") == "EC":
        given["public_key"] = public_pem(ec.generate_private_key(ec.SECP256R1()))
    response = admin_client.post(reverse("connected_apps:add"), form(**given))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConnectedApp.objects.exists()


def test_an_rs256_app_keeps_no_secret(admin_client):
    pem = public_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    response = admin_client.post(
        reverse("connected_apps:add"), form(algorithm="RS256", secret="y" * 40, public_key=pem)
    )

    assert response.status_code == 302
    assert ConnectedApp.objects.get().secret_encrypted == ""


def test_members_cannot_reach_the_page(client):
    from tests.factories import MemberFactory

    client.force_login(MemberFactory())
    assert client.get(reverse("connected_apps:index")).status_code in (302, 403)


def test_secrets_survive_a_key_rotation(settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    stored = crypto.encrypt("the shared secret")
    settings.ENCRYPTION_KEYS = [new, old]
    rotated = crypto.rotate(stored)
    settings.ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(rotated) == "the shared secret"
    with pytest.raises(crypto.Unreadable):
        crypto.decrypt(stored)


def test_rotate_secrets_re_encrypts_stored_secrets(settings):
    import io

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from tests.factories.identity import connected_app

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    app = connected_app()
    settings.ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_secrets", stdout=out)
    assert "1 secrets" in out.getvalue()
    settings.ENCRYPTION_KEYS = [new]
    app.refresh_from_db()
    assert crypto.decrypt(app.secret_encrypted).startswith("s3cret")
