"""The cache's Redis stops: pages are served from the database, members stay signed
in, writes that must be counted are refused with a clear 503, /readyz names it."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client

from ideas.models import Idea, Vote
from tests.factories import IdeaFactory, MemberFactory
from tests.faults.redis_server import PrivateRedis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis(settings):
    """The site's cache and sessions in a Redis of this test's own, as in production."""
    server = PrivateRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "community.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.ANONYMOUS_CACHE_SECONDS = 5
    settings.CACHE_RETRY_SECONDS = 1
    yield server
    server.stop()


@pytest.fixture
def idea(board):
    made = IdeaFactory(title="Offline mode", body="Work on the train")
    made.url = board.idea_url(made)
    return made


def signed_in(member) -> Client:
    browser = Client()
    browser.force_login(member)
    return browser


def test_anonymous_readers_get_every_page_from_the_database_when_the_cache_stops(redis, idea, product):
    addresses = ["/", "/ideas/", idea.url, product.get_url(), "/api/v1/ideas/", f"/api/v1/ideas/{idea.pk}/"]
    for address in addresses:
        assert Client().get(address).status_code == 200, address  # shared pages now kept in Redis

    redis.stop()

    for address in addresses:
        started = time.monotonic()
        response = Client().get(address)
        assert response.status_code == 200, address
        assert time.monotonic() - started < 3, address
    assert "Offline mode" in Client().get("/ideas/").content.decode()


def test_health_and_readiness_answer_and_readyz_names_the_cache(redis, client):
    redis.stop()

    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")

    assert response.status_code == 200  # the site serves: pages come from the database
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == {"status": "down", "error": "ConnectionError"}
    assert response.json()["checks"]["database"]["status"] == "up"


def test_a_signed_in_member_stays_signed_in_and_is_told_why_a_vote_waits(redis, idea):
    member = MemberFactory(display_name="Katherine")
    browser = signed_in(member)
    assert "Katherine" in browser.get("/ideas/").content.decode()

    redis.stop()

    page = browser.get("/ideas/")
    assert page.status_code == 200
    assert "Katherine" in page.content.decode()  # the session is read from the database
    vote = browser.post(f"/ideas/{idea.pk}/vote/")
    assert vote.status_code == 503
    assert "Nothing was changed" in vote.content.decode()
    assert vote["Retry-After"]
    api = browser.post(f"/api/v1/ideas/{idea.pk}/vote/", content_type="application/json")
    assert api.status_code == 503
    assert api["Content-Type"].startswith("application/problem+json")
    assert api.json()["code"] == "cache_unavailable"
    assert Vote.objects.filter(idea=idea).count() == 0
    assert Idea.objects.get(pk=idea.pk).vote_count == 0


def test_the_sign_in_page_still_gives_its_form_and_a_refused_sign_in_says_why(redis, board):
    MemberFactory(email="kate@example.com")
    browser = Client()
    redis.stop()

    page = browser.get("/accounts/login/")
    assert page.status_code == 200
    assert "csrftoken" in page.cookies  # the form can be sent
    answer = browser.post("/accounts/login/", {"login": "kate@example.com", "password": "wrong password!"})
    assert answer.status_code == 503
    assert "Nothing was changed" in answer.content.decode()


def test_writes_are_counted_again_once_the_cache_is_back(redis, idea):
    member = MemberFactory()
    browser = signed_in(member)
    redis.stop()
    assert browser.post(f"/api/v1/ideas/{idea.pk}/vote/", content_type="application/json").status_code == 503

    redis.start()
    time.sleep(1.1)  # CACHE_RETRY_SECONDS: the cache is asked again

    response = browser.post(f"/api/v1/ideas/{idea.pk}/vote/", content_type="application/json")
    assert response.status_code == 200
    assert Idea.objects.get(pk=idea.pk).vote_count == 1
    assert cache.get("anything", "missing") == "missing"
