"""Sign-in with the company's own identity provider: a real OpenID Connect provider
(django-oauth-toolkit, in a process of its own) with discovery, PKCE and signed ID
tokens; the member is created with the claims staff mapped (CRM id, segment)."""

import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from allauth.socialaccount.models import SocialApp
from playwright.sync_api import expect

from community.models import AttributeChange, Segment, User

pytestmark = [pytest.mark.e2e]
ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "tandem-community", "a-client-secret-for-the-test-provider"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def identity_provider(live_server):
    port = free_port()
    callback = f"{live_server.url}/accounts/oidc/acme-sso/login/callback/"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider", str(port), callback, CLIENT_ID, CLIENT_SECRET],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}/o"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_customer_signs_in_with_the_companys_identity_provider(page, live_server, seeded_site, identity_provider):
    Segment.objects.create(name="Enterprise")
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme-sso",
        name="Acme SSO",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={
            "server_url": identity_provider,
            "oauth_pkce_enabled": True,
            "claims": {"external_id": "crm_id", "segment": "customer_tier"},
        },
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Acme SSO").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Acme Identity")).to_be_visible()
    asked = unquote(page.url)  # the provider's sign-in, on its way back to /o/authorize/
    assert "code_challenge=" in asked and "code_challenge_method=S256" in asked
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("correct-horse")
    page.get_by_role("button", name="Sign in to Acme").click()
    page.wait_for_url(f"{live_server.url}/**")
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text("Ada Lovelace")

    member = User.objects.get(email="ada.lovelace@acme.example")
    assert member.external_id == "ACME-0001"
    assert member.segment.name == "Enterprise"
    assert member.display_name == "Ada Lovelace"
    assert member.has_verified_email()
    assert AttributeChange.objects.filter(member=member, source="Acme SSO", attribute="segment").exists()
