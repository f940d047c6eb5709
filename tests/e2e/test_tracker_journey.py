"""The loop with GitHub in a real browser: a product manager creates an issue from the
idea's triage sheet; GitHub's signed `issues` `closed` webhook comes back; the idea
ships, its voters are told, the changelog shows it, and the team's Slack channel got
both messages in Block Kit."""

import hashlib
import hmac
import json
import uuid

import pytest
import requests
from playwright.sync_api import expect

from community import crypto
from community.models import Notification, WebhookEndpoint
from ideas import services
from ideas.models import ChangelogPage, Idea
from tests.e2e.helpers import sign_in_with_code
from tests.e2e.test_triage_journey import product_managers
from tests.factories import MemberFactory, status
from tests.triage.trackers.fake import start_trackers
from triage.models import IssueLink, TrackerConnection

pytestmark = [pytest.mark.e2e]
SECRET = "a-webhook-secret-for-github"


@pytest.fixture
def github():
    fake, server = start_trackers()
    yield fake
    server.shutdown()


def test_an_issue_made_in_the_sheet_ships_the_idea_when_github_closes_it(
    page, live_server, board, github, webhook_receiver, assert_accessible
):
    board.get_parent().add_child(instance=ChangelogPage(title="Changelog", slug="changelog"))
    manager = MemberFactory(display_name="Petra PM", is_staff=True)
    manager.groups.add(product_managers())
    connection = TrackerConnection.objects.create(
        name="App repository",
        kind="github",
        base_url=github.url,
        project="acme/app",
        token_encrypted=crypto.encrypt(github.token),
        webhook_secret_encrypted=crypto.encrypt(SECRET),
        labels="customer-feedback",
        done_status=status("shipped"),
        created_by=manager,
    )
    slack = WebhookEndpoint.objects.create(
        name="Slack #product",
        url=webhook_receiver.url,
        format="slack",
        events=["idea.created", "idea.status_changed"],
    )
    author = MemberFactory()
    idea = services.submit_idea(author, title="Dark mode for the reports", body="Our eyes hurt at night.")
    voters = MemberFactory.create_batch(2)
    for voter in voters:
        services.cast_vote(voter, idea)

    sign_in_with_code(page, live_server.url, manager)
    page.goto(f"{live_server.url}/admin/triage/{idea.pk}/")
    sheet = page.get_by_role("region", name="Issues in the product team's trackers")
    sheet.get_by_label("Tracker").select_option(label="App repository (GitHub)")
    sheet.get_by_role("button", name="Create an issue").click()
    expect(page.get_by_text("Issue #1 created in App repository.")).to_be_visible()
    expect(sheet.get_by_role("link", name="#1", exact=True)).to_have_attribute(
        "href", "https://github.com/acme/app/issues/1"
    )
    assert_accessible(page)
    made = github.issues[("github", "1")]
    assert made["labels"] == [{"name": "customer-feedback"}]
    assert "Votes: 3" in made["body"] and f"/ideas/{idea.pk}-" in made["body"]

    body = json.dumps(
        {
            "action": "closed",
            "issue": {
                "number": 1,
                "html_url": "https://github.com/acme/app/issues/1",
                "title": "Dark mode for the reports",
                "state": "closed",
                "state_reason": "completed",
                "updated_at": "2030-01-01T09:00:00Z",
                "closed_at": "2030-01-01T09:00:00Z",
            },
            "repository": {"full_name": "acme/app"},
            "sender": {"login": "dev"},
        }
    ).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    answer = requests.post(
        f"{live_server.url}/integrations/trackers/{connection.webhook_key}/",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-GitHub-Event": "issues",
            "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-Hub-Signature-256": signature,
        },
        timeout=10,
    )
    assert answer.status_code == 202

    assert Idea.objects.get(pk=idea.pk).status == status("shipped")
    assert IssueLink.objects.get(idea=idea).state == "done"
    for voter in voters:
        assert Notification.objects.filter(recipient=voter, title__startswith="You asked for").exists()
    page.goto(f"{live_server.url}/admin/triage/{idea.pk}/")
    expect(page.get_by_text("Applied. App repository: #1 Done")).to_be_visible()
    expect(page.get_by_role("button", name="Undo: back to New")).to_be_visible()
    page.goto(live_server.url + "/changelog/")
    expect(page.get_by_role("link", name="Dark mode for the reports", exact=True)).to_be_visible()

    texts = [hit.json["text"] for hit in webhook_receiver.received]
    assert texts == ["New idea: Dark mode for the reports", "“Dark mode for the reports” is now Shipped"]
    for hit in webhook_receiver.received:
        assert [block["type"] for block in hit.json["blocks"]][0] == "header"
        assert hit.json["blocks"][-1]["elements"][0]["url"].endswith(f"/ideas/{idea.pk}-dark-mode-for-the-reports/")
    assert slack.deliveries.filter(state="delivered").count() == 2
