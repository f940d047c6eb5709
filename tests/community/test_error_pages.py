import pytest
from django.db import OperationalError
from wagtail.models import Site


@pytest.mark.django_db
def test_an_unknown_address_shows_our_own_404_page(client, site):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="/guidelines/"' in response.content.decode()  # our layout, with its menus


@pytest.mark.django_db
def test_the_404_page_speaks_german(client, site):
    client.cookies["django_language"] = "de"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
def test_a_database_that_is_down_shows_a_friendly_500_without_a_traceback(client, site, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Site, "find_for_request", down)

    response = client.get("/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Nothing you had saved is lost" in body
    assert "Traceback" not in body
    assert "OperationalError" not in body
