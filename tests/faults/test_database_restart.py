"""PostgreSQL restarts while members vote (gunicorn, production settings, a cluster of
the test's own): errors only while it is down, every vote answered 2xx is stored, and
every counter equals its rows afterwards; while it is down, writes are answered with
a 503 problem document."""

from __future__ import annotations

import threading
import time
from collections import Counter

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from community.models import User
from tests.factories import PASSWORD, IdeaFactory, MemberFactory
from tests.faults.redis_server import PrivateRedis
from tests.faults.servers import Browser, Gunicorn, PrivatePostgres

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="production runs on PostgreSQL"
    ),
]
VOTERS = 8
IDEAS = 30


@pytest.fixture
def stack(board, tmp_path):
    ideas = [IdeaFactory(title=f"Idea {number}") for number in range(IDEAS)]
    members = MemberFactory.create_batch(VOTERS)
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, "faultsalt", 1000)  # what production checks
    User.objects.filter(pk__in=[member.pk for member in members]).update(password=hashed)
    database, cache, broker = PrivatePostgres(), PrivateRedis(), PrivateRedis()
    cache.start()
    broker.start()
    server = None
    try:
        database.start_with_a_copy()
        server = Gunicorn(
            tmp_path, database_url=database.url, cache_url=cache.url, broker_url=broker.url, WRITE_RATE_LIMIT="1000/m"
        )
        server.start(workers=2, threads=4)
        yield server, database, ideas, members
    finally:
        if server is not None:
            server.stop()
        database.stop()
        cache.stop()
        broker.stop()


def test_votes_through_a_database_restart_are_stored_exactly_when_answered_2xx(stack):
    server, database, ideas, members = stack
    browsers = []
    for member in members:
        browser = Browser(server.base)
        assert browser.sign_in(member.email, PASSWORD).status_code == 302
        browsers.append(browser)
    answers: dict[tuple[int, int], int] = {}
    lock = threading.Lock()

    def vote_on_every_idea(member, browser):
        for idea in ideas:
            try:
                status = browser.api("POST", f"/ideas/{idea.pk}/vote/").status_code
            except Exception:  # noqa: BLE001 (a connection cut by the restart counts as no answer)
                status = 0
            with lock:
                answers[(member.pk, idea.pk)] = status
            time.sleep(0.02)

    threads = [threading.Thread(target=vote_on_every_idea, args=pair) for pair in zip(members, browsers, strict=True)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    database.restart()
    for thread in threads:
        thread.join(timeout=120)

    with psycopg.connect(database.url.replace("postgres://", "postgresql://")) as db:
        stored = set(db.execute("SELECT member_id, idea_id FROM ideas_vote").fetchall())
        counters = dict(db.execute("SELECT id, vote_count FROM ideas_idea").fetchall())
        rows = Counter(idea_id for _, idea_id in stored)
    statuses = Counter(answers.values())
    answered = {pair for pair, status in answers.items() if 200 <= status < 300}
    assert len(answers) == VOTERS * IDEAS
    assert answered <= stored  # nothing answered 2xx is lost
    assert stored <= set(answers)  # nothing voted that nobody asked for
    assert all(counters[idea.pk] == rows[idea.pk] for idea in ideas)  # counters exact
    assert statuses[200] >= VOTERS * IDEAS // 2, statuses  # errors only around the restart
    assert all(answers[(member.pk, ideas[-1].pk)] == 200 for member in members), statuses  # and then all is well
    assert set(statuses) <= {0, 200, 503}, statuses  # while it was down: a clear 503, never a 500
