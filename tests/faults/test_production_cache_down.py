"""Under gunicorn with the production settings, PostgreSQL and Redis: the cache's Redis
stops, and anonymous readers and signed-in members are still served; the writes that
must be counted get a clear 503; /readyz names the cache; all is well once it is back."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from community.models import User
from ideas.models import Vote
from tests.factories import PASSWORD, IdeaFactory, MemberFactory
from tests.faults.redis_server import PrivateRedis, free_port
from tests.faults.servers import HTTPS, Browser, Gunicorn
from tests.faults.worker import ROOT, database_url

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="production runs on PostgreSQL"
    ),
]


@pytest.fixture
def site_under_gunicorn(board, tmp_path):
    cache, broker = PrivateRedis(), PrivateRedis()
    cache.start()
    broker.start()
    server = Gunicorn(
        tmp_path, database_url=database_url(), cache_url=cache.url, broker_url=broker.url, ANONYMOUS_CACHE_SECONDS="5"
    )
    try:
        server.start()
        yield server.base, cache
    finally:
        server.stop()
        cache.stop()
        broker.stop()


def test_reads_go_on_and_counted_writes_say_why_they_wait_while_the_cache_is_down(site_under_gunicorn):
    base, cache = site_under_gunicorn
    idea = IdeaFactory(title="Offline mode")
    member = MemberFactory(display_name="Katherine")
    # The server checks passwords with the production hashers, not the tests' fast one.
    User.objects.filter(pk=member.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "faultsalt", 1000))
    browser = Browser(base)
    signed = browser.sign_in(member.email, PASSWORD)
    assert signed.status_code == 302, signed.text[:500]
    assert "Katherine" in browser.request("GET", "/ideas/").text
    for path in ("/", "/ideas/", "/api/v1/ideas/"):
        assert requests.get(base + path, headers=HTTPS, timeout=10).status_code == 200  # kept in Redis now

    cache.stop()

    for path in ("/", "/ideas/", f"/ideas/{idea.pk}/", "/api/v1/ideas/", f"/api/v1/ideas/{idea.pk}/"):
        assert requests.get(base + path, headers=HTTPS, timeout=10).status_code in (200, 301, 302), path
    page = browser.request("GET", "/ideas/")
    assert page.status_code == 200
    assert "Katherine" in page.text  # still signed in: the session is read from PostgreSQL
    token = browser.csrf(page)
    vote = browser.request(
        "POST",
        f"/ideas/{idea.pk}/vote/",
        data={"csrfmiddlewaretoken": token},
    )
    assert vote.status_code == 503
    assert "Nothing was changed" in vote.text
    api_vote = browser.api("POST", f"/ideas/{idea.pk}/vote/")
    assert api_vote.status_code == 503
    assert api_vote.json()["code"] == "cache_unavailable"
    assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
    ready = requests.get(f"{base}/readyz", timeout=10)
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["cache"]["status"] == "down"
    assert Vote.objects.filter(idea=idea).count() == 0

    cache.start()
    time.sleep(2.5)  # CACHE_RETRY_SECONDS

    again = browser.api("POST", f"/ideas/{idea.pk}/vote/")
    assert again.status_code == 200, again.text
    assert Vote.objects.filter(idea=idea, member=member).count() == 1
    assert requests.get(f"{base}/readyz", timeout=10).json()["checks"]["cache"]["status"] == "up"


def test_the_site_starts_and_serves_when_the_cache_does_not_answer_at_start_up(board, tmp_path):
    """Nothing listens where CACHE_URL points: gunicorn starts, pages are served from the
    database, /readyz says what is missing, and the start-up probe lets it start."""
    nowhere = f"redis://127.0.0.1:{free_port()}/1"
    server = Gunicorn(tmp_path, database_url=database_url(), cache_url=nowhere, broker_url="memory://")
    try:
        server.start()
        for path in ("/", "/ideas/", "/api/v1/ideas/"):
            assert requests.get(server.base + path, headers=HTTPS, timeout=10).status_code == 200, path
        ready = requests.get(f"{server.base}/readyz", timeout=10).json()
        assert ready["status"] == "degraded"
        assert ready["checks"]["cache"]["status"] == "down"
    finally:
        server.stop()
    probe = subprocess.run(
        [sys.executable, "manage.py", "health", "--only", "database,cache"],
        cwd=ROOT, env=server.env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr  # degraded, not unavailable: systemd starts the web node
    assert '"cache": {\n      "status": "down"' in probe.stdout
