import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_add_a_social_login_provider_and_members_see_it(admin_client, client, site):
    response = admin_client.post(
        reverse("social_login:add"),
        {
            "provider": "github",
            "name": "GitHub",
            "client_id": "abc123",
            "secret": "s3cret",
            "key": "",
            "settings": "{}",
        },
    )

    assert response.status_code == 302
    app = SocialApp.objects.get()
    assert (app.provider, app.client_id, app.secret) == ("github", "abc123", "s3cret")
    admin_client.logout()
    login_page = client.get(reverse("account_login")).content.decode()
    assert "GitHub" in login_page
    assert "/accounts/github/login/" in login_page


def test_a_provider_without_a_client_id_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        reverse("social_login:add"),
        {"provider": "github", "name": "GitHub", "client_id": "", "secret": "", "key": "", "settings": "{}"},
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not SocialApp.objects.exists()


def test_members_cannot_reach_the_provider_settings(client, member):
    client.force_login(member)

    response = client.get(reverse("social_login:index"))

    assert response.status_code in (302, 403)
    assert SocialApp.objects.count() == 0
