"""The company's identity provider in Settings → Social login: OpenID Connect with its
address, PKCE and the claims that carry the CRM id, segment and value."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

pytestmark = pytest.mark.django_db


def form(**given):
    data = {
        "provider": "openid_connect",
        "provider_id": "acme-sso",
        "name": "Acme SSO",
        "client_id": "tandem",
        "secret": "s3cret",
        "key": "",
        "settings": "{}",
        "server_url": "https://id.acme.example/realms/customers",
        "external_id_claim": "crm_id",
        "segment_claim": "tier",
        "value_claim": "",
    }
    data.update(given)
    return data


def test_staff_connect_an_identity_provider_with_mapped_claims(admin_client, client, site):
    response = admin_client.post(reverse("social_login:add"), form())

    assert response.status_code == 302
    app = SocialApp.objects.get()
    assert app.settings == {
        "server_url": "https://id.acme.example/realms/customers",
        "oauth_pkce_enabled": True,
        "claims": {"external_id": "crm_id", "segment": "tier"},
    }
    admin_client.logout()
    login_page = client.get(reverse("account_login")).content.decode()
    assert "Acme SSO" in login_page
    assert "/accounts/oidc/acme-sso/login/" in login_page


def test_several_providers_may_be_connected(admin_client):
    admin_client.post(reverse("social_login:add"), form())
    admin_client.post(reverse("social_login:add"), form(provider_id="partner-sso", name="Partner SSO"))
    assert SocialApp.objects.filter(provider="openid_connect").count() == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [({"server_url": ""}, "needs the identity provider"), ({"provider_id": ""}, "needs a short name")],
)
def test_an_openid_connect_provider_without_its_address_or_name_is_refused(admin_client, given, message):
    response = admin_client.post(reverse("social_login:add"), form(**given))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SocialApp.objects.exists()


def test_a_providers_sign_in_page_may_send_its_form_to_the_provider_only(client, site):
    SocialApp.objects.create(provider="github", name="GitHub", client_id="abc", secret="s")

    page = client.get("/accounts/github/login/")

    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "form-action 'self' https://github.com" in policy
    assert "https://github.com" not in client.get(reverse("account_login"))["Content-Security-Policy"]
