"""schemathesis against the whole API, signed out and signed in: every answer matches
the OpenAPI schema (status, content type, headers, body) and none is a server error.

A fixed seed (derandomize) and a bounded number of examples per operation keep the run
the same every time and short enough for CI.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, strategies
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community.models import Notification
from reviews import services as reviews
from tests.factories import IdeaFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 12
TOKEN = "fuzzcsrftoken" * 2 + "abcdef"  # 32 characters: an unmasked CSRF secret

bounded = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(db, board, product, member, staff, settings):
    """A community with content, so that the ids the fuzzer finds in answers exist.
    Requests run through the real WSGI application, inside this test's transaction:
    as Django's test client does, the connection is not closed after each request."""
    settings.WRITE_RATE_LIMIT = "100000/m"  # past the limit every write is the same 429
    idea = IdeaFactory(author=member, title="Offline mode")
    # Through the service, so that the product's rating counts it (a factory would not).
    review = reviews.submit_review(staff, product, rating=4, title="Solid").review
    note = Notification.objects.create(recipient=member, event_key="fuzz", title="Hello")
    known.update(idea_id=idea.pk, product_id=product.pk, review_id=review.pk, notification_id=note.pk)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# The ids of the objects the fixture made: half the cases address them, so that the
# fuzzer reaches past "not found" into what each operation does.
known: dict[str, int] = {}


def with_known_ids(case):
    for name in case.path_parameters or {}:
        if name in known:
            case.path_parameters[name] = known[name]
    return case


def signed_in(member) -> dict[str, dict[str, str]]:
    browser = Client()
    browser.force_login(member)
    session = browser.cookies["sessionid"].value
    return {"cookies": {"sessionid": session, "csrftoken": TOKEN}, "headers": {"X-CSRFToken": TOKEN}}


def fuzz(schema, **credentials) -> tuple[Counter, dict[str, str]]:
    """Every operation, up to EXAMPLES cases each; returns the answers' statuses and
    the failures by operation."""
    failures: dict[str, str] = {}
    statuses: Counter = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            _cases(operation, statuses, credentials)()
        except Exception as failure:  # noqa: BLE001 (collected, so one run reports every operation)
            failures[operation.label] = str(failure)[:2000]
    return statuses, failures


def _cases(operation, statuses: Counter, credentials: dict):
    strategy = operation.as_strategy()

    @given(case=strategies.one_of(strategy, strategy.map(with_known_ids)))
    @bounded
    def check(case):
        response = case.call_and_validate(checks=CHECKS, **credentials)
        statuses[(operation.label, response.status_code)] += 1

    return check


def test_every_operation_signed_out_answers_as_documented(api_schema):
    statuses, failures = fuzz(api_schema)

    assert failures == {}
    assert len({label for label, _ in statuses}) >= 29
    assert sum(statuses.values()) > 150
    assert any(status == 200 for _, status in statuses)


def test_every_operation_signed_in_answers_as_documented(api_schema, member):
    statuses, failures = fuzz(api_schema, **signed_in(member))

    assert failures == {}
    assert len({label for label, _ in statuses}) >= 29
    assert sum(statuses.values()) > 150
    # Signed in, writes get through: ideas, comments, votes, reviews are made.
    assert {status for (label, status) in statuses if label.startswith("POST")} & {200, 201}


def test_every_operation_for_staff_answers_as_documented(api_schema, staff):
    statuses, failures = fuzz(api_schema, **signed_in(staff))

    assert failures == {}
    assert statuses[("GET /api/v1/triage/ideas/", 200)] > 0
