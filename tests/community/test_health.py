import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError

from community.cache import ResilientRedisCache
from community.operations import health as operations_health


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_the_database_up_and_checks_only_what_is_configured(client, settings):
    settings.CELERY_BROKER_URL = settings.NO_BROKER
    settings.SEARCH_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["checks"]["database"]["status"] == "up"
    redis = {"cache"} if isinstance(caches["default"], ResilientRedisCache) else set()
    assert set(response.json()["checks"]) == {"database", "outbox", "storage"} | redis
    assert response.json()["checks"]["outbox"] == {"status": "up", "waiting": 0, "oldest_seconds": 0.0}


@pytest.mark.django_db
def test_readyz_says_503_when_the_database_is_down(client, monkeypatch):
    def down():
        raise OperationalError("connection refused")

    monkeypatch.setitem(operations_health.CHECKS, "database", down)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == {"status": "down", "error": "OperationalError"}


@pytest.mark.django_db
def test_readyz_names_a_broker_that_is_down_and_still_serves(client, settings):
    """Writes wait in the outbox meanwhile: the site is degraded, not unavailable."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.SEARCH_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"]["status"] == "down"
    assert response.json()["checks"]["database"]["status"] == "up"


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_search_cluster_as_degraded_not_down(client, settings):
    settings.CELERY_BROKER_URL = settings.NO_BROKER
    settings.SEARCH_URL = "http://127.0.0.1:1"

    response = client.get("/readyz")

    assert response.status_code == 200  # searches fall back to the database meanwhile
    assert response.json()["status"] == "degraded"
    search = response.json()["checks"]["search"]
    assert search.pop("problem").startswith("ConnectionError")
    assert search == {"status": "degraded", "engine": "database", "configured": "elasticsearch"}


@pytest.mark.django_db
@pytest.mark.skipif(settings.CELERY_BROKER_URL == settings.NO_BROKER, reason="needs CELERY_BROKER_URL")
def test_readyz_reports_a_reachable_broker(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["status"] == "up"
