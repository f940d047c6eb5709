import hashlib
import hmac
import json
import time
import uuid

import pytest

from community import crypto
from ideas import services as idea_services
from tests.factories import IdeaFactory, MemberFactory, status
from tests.triage.trackers.fake import start_trackers
from triage.models import TrackerConnection

SECRET = "whsec-test-secret"
PROJECTS = {
    "github": "acme/app",
    "gitlab": "acme/app",
    "jira_cloud": "APP",
    "jira_dc": "APP",
    "linear": "ENG",
}


@pytest.fixture(scope="session")
def trackers():
    fake, server = start_trackers()
    yield fake
    server.shutdown()


@pytest.fixture
def fake(trackers):
    trackers.issues.clear()
    trackers.comments.clear()
    trackers.requests.clear()
    trackers.fail_with.clear()
    trackers.stall_for = 0.0
    return trackers


@pytest.fixture
def connect(db, fake):
    def make(kind="github", **fields) -> TrackerConnection:
        values = {
            "name": f"{kind} backlog",
            "kind": kind,
            "base_url": fake.url,
            "project": PROJECTS[kind],
            "username": fake.jira_user if kind == "jira_cloud" else "",
            "token_encrypted": crypto.encrypt(fake.token),
            "webhook_secret_encrypted": crypto.encrypt(SECRET),
            "started_status": status("in-progress"),
            "done_status": status("shipped"),
            "declined_status": status("declined"),
            "reopened_status": status("in-progress"),
            **fields,
        }
        return TrackerConnection.objects.create(**values)

    return make


@pytest.fixture
def voted_idea(db, board):
    idea = IdeaFactory(title="Dark mode for the reports")
    idea_services.change_status(idea, status("planned"), MemberFactory(is_staff=True, is_superuser=True))
    voters = [MemberFactory() for _ in range(3)]
    for voter in voters:
        idea_services.cast_vote(voter, idea)
    idea.refresh_from_db()
    idea.voters = voters
    return idea


def post_webhook(client, connection, payload: dict, headers: dict, *, sign: str | None = "right"):
    """Sends a webhook as the connection's tracker would, signed its way."""
    body = json.dumps(payload).encode()
    secret = SECRET if sign == "right" else "not-the-secret"
    signed = {}
    if sign is not None:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        signed = {
            "github": {"HTTP_X_HUB_SIGNATURE_256": f"sha256={digest}"},
            "gitlab": {"HTTP_X_GITLAB_TOKEN": secret},
            "jira_cloud": {"HTTP_X_HUB_SIGNATURE": f"sha256={digest}"},
            "jira_dc": {"HTTP_X_HUB_SIGNATURE": f"sha256={digest}"},
            "linear": {"HTTP_LINEAR_SIGNATURE": digest},
        }[connection.kind]
    return client.post(
        f"/integrations/trackers/{connection.webhook_key}/",
        data=body,
        content_type="application/json",
        **signed,
        **headers,
    )


def github_closed(issue_number: int, repo="acme/app", reason="completed", at="2026-12-02T09:00:00Z") -> tuple:
    payload = {
        "action": "closed",
        "issue": {
            "number": issue_number,
            "html_url": f"https://github.com/{repo}/issues/{issue_number}",
            "title": "Dark mode for the reports",
            "state": "closed",
            "state_reason": reason,
            "updated_at": at,
            "closed_at": at,
        },
        "repository": {"full_name": repo},
        "sender": {"login": "dev"},
    }
    return payload, {"HTTP_X_GITHUB_EVENT": "issues", "HTTP_X_GITHUB_DELIVERY": str(uuid.uuid4())}


def gitlab_closed(iid: int, at="2026-12-02 09:00:00 UTC") -> tuple:
    payload = {
        "object_kind": "issue",
        "event_type": "issue",
        "project": {"path_with_namespace": "acme/app", "web_url": "https://gitlab.example.com/acme/app"},
        "object_attributes": {
            "iid": iid,
            "title": "Dark mode for the reports",
            "state": "closed",
            "action": "close",
            "url": f"https://gitlab.example.com/acme/app/-/issues/{iid}",
            "updated_at": at,
            "closed_at": at,
        },
        "labels": [],
    }
    return payload, {"HTTP_X_GITLAB_EVENT": "Issue Hook", "HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}


def jira_done(key: str, category="done", resolution="Done", at_ms=None) -> tuple:
    from datetime import UTC, datetime

    at_ms = at_ms or int(datetime(2026, 12, 2, 9, tzinfo=UTC).timestamp() * 1000)
    payload = {
        "timestamp": at_ms,
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_generic",
        "issue": {
            "id": "10001",
            "key": key,
            "fields": {
                "summary": "Dark mode for the reports",
                "project": {"key": key.split("-")[0]},
                "status": {"name": "Released", "statusCategory": {"key": category}},
                "resolution": {"name": resolution} if resolution else None,
                "updated": "2026-12-02T09:00:00.000+0000",
            },
        },
        "changelog": {"id": str(at_ms), "items": [{"field": "status", "toString": "Released"}]},
    }
    return payload, {"HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER": str(uuid.uuid4())}


def linear_done(identifier: str, state_type="completed", stamp_ms=None) -> tuple:
    payload = {
        "action": "update",
        "type": "Issue",
        "createdAt": "2026-12-02T09:00:00.000Z",
        "data": {
            "id": "uuid-x",
            "identifier": identifier,
            "title": "Dark mode for the reports",
            "url": f"https://linear.app/acme/issue/{identifier}/x",
            "updatedAt": "2026-12-02T09:00:00.000Z",
            "state": {"type": state_type, "name": "Done"},
            "team": {"key": identifier.split("-")[0]},
        },
        "updatedFrom": {"stateId": "before"},
        "url": f"https://linear.app/acme/issue/{identifier}/x",
        "webhookTimestamp": stamp_ms if stamp_ms is not None else int(time.time() * 1000),
    }
    return payload, {"HTTP_LINEAR_DELIVERY": str(uuid.uuid4()), "HTTP_LINEAR_EVENT": "Issue"}


@pytest.fixture(autouse=True)
def _tasks_at_once(monkeypatch):
    """Work queued for after the commit runs at once: each test is one transaction
    that never commits, and the loop's steps are tasks."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda callback, using=None, robust=False: callback())
