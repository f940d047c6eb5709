"""The loop from the triage sheet and the Issue trackers admin, as a product manager uses them."""

import pytest

from community import crypto
from tests.factories import status
from tests.triage.trackers.conftest import github_closed, post_webhook
from triage.models import IssueLink, TrackerChange, TrackerConnection


def sheet(idea):
    return f"/admin/triage/{idea.pk}/"


def test_a_product_manager_creates_links_and_unlinks_issues_from_the_sheet(manager_client, connect, fake, voted_idea):
    connection = connect("github")

    created = manager_client.post(
        sheet(voted_idea), {"action": "issue", "issue-connection": connection.pk}, follow=True
    )

    link = IssueLink.objects.get(idea=voted_idea)
    assert f"Issue #{link.key} created in github backlog." in created.content.decode()
    page = manager_client.get(sheet(voted_idea)).content.decode()
    assert link.url in page and "Unlink" in page

    wrong = manager_client.post(sheet(voted_idea), {"action": "link", "link-url": "https://example.com/x"})
    assert wrong.status_code == 422
    assert "not the address of an issue in a connected tracker" in wrong.content.decode()

    manager_client.post(sheet(voted_idea), {"action": "unlink", "unlink-link": link.pk})
    assert not IssueLink.objects.exists()
    voted_idea.refresh_from_db()
    assert voted_idea.external_url == ""

    linked = manager_client.post(sheet(voted_idea), {"action": "link", "link-url": link.url}, follow=True)
    assert f"Linked #{link.key} (Open)." in linked.content.decode()


def test_a_held_change_is_approved_and_an_applied_one_undone_from_the_sheet(
    client, manager_client, connect, fake, voted_idea, manager
):
    from triage.trackers import services

    connection = connect("github", ask_first=["done"])
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    post_webhook(client, connection, *github_closed(int(link.key)))
    held = TrackerChange.objects.get()
    page = manager_client.get(sheet(voted_idea)).content.decode()
    assert "Waiting for approval" in page and "Approve the change" in page

    manager_client.post(
        sheet(voted_idea),
        {
            "action": "tracker_change",
            "tracker_change-change": held.pk,
            "tracker_change-decision": "approve",
            "tracker_change-message": "It is here: Settings → Appearance.",
        },
    )
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("shipped")
    held.refresh_from_db()
    assert held.status_change.message == "It is here: Settings → Appearance."

    manager_client.post(
        sheet(voted_idea),
        {"action": "tracker_change", "tracker_change-change": held.pk, "tracker_change-decision": "undo"},
    )
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("planned")


def test_a_failed_request_is_shown_and_tried_again_from_the_sheet(manager_client, connect, fake, voted_idea):
    connection = connect("gitlab")
    fake.fail_with = [502]

    answer = manager_client.post(
        sheet(voted_idea), {"action": "issue", "issue-connection": connection.pk}, follow=True
    ).content.decode()

    assert "being created in gitlab backlog" in answer
    assert "Will retry after 1 attempts" in answer and "502" in answer
    request = connection.requests.get()
    manager_client.post(sheet(voted_idea), {"action": "retry_request", "retry_request-request": request.pk})
    assert IssueLink.objects.filter(idea=voted_idea).exists()


def test_a_note_is_posted_on_the_issues_when_asked(manager_client, connect, fake, voted_idea, manager):
    from triage.trackers import services

    connection = connect("github", post_notes=True)
    services.create_issue(voted_idea, connection, manager)

    answer = manager_client.post(
        sheet(voted_idea),
        {"action": "note", "note-body": "Ask the Enterprise customers first.", "note-post_on_issues": "on"},
        follow=True,
    )

    assert "sent to 1 issues" in answer.content.decode()
    assert fake.comments[-1][2] == "Ask the Enterprise customers first."


def test_connections_keep_their_token_encrypted_and_never_show_it(manager_client, fake):
    form = manager_client.get("/admin/tracker_connections/new/").content.decode()
    assert "/integrations/trackers/" in form  # the webhook address to give the tracker

    answer = manager_client.post(
        "/admin/tracker_connections/new/",
        {
            "name": "App backlog",
            "kind": "github",
            "project": "acme/app",
            "token": "ghp_the-token",
            "webhook_secret": "the-webhook-secret",
            "message_source": "standard",
            "done_status": status("shipped").pk,
            "ask_first": ["done"],
            "poll_minutes": 0,
            "is_active": "on",
        },
    )

    assert answer.status_code == 302, answer.content.decode()[:2000]
    connection = TrackerConnection.objects.get()
    assert "ghp_the-token" not in connection.token_encrypted
    assert crypto.decrypt(connection.token_encrypted) == "ghp_the-token"
    assert connection.ask_first == ["done"]
    edit = manager_client.get(f"/admin/tracker_connections/edit/{connection.pk}/").content.decode()
    assert "ghp_the-token" not in edit and "the-webhook-secret" not in edit


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"kind": "github", "project": "just-a-name"}, "project", "owner/repository"),
        ({"kind": "jira_cloud", "project": "APP", "base_url": "https://acme.atlassian.net"}, "username", "e-mail"),
        ({"kind": "jira_dc", "project": "APP"}, "base_url", "Jira site"),
        ({"kind": "linear", "project": "ENG", "token": ""}, "token", "Enter the token"),
    ],
)
def test_a_connection_that_cannot_work_is_refused_with_the_reason(manager_client, fields, field, error):
    data = {"name": "X", "token": "t", "message_source": "standard", "poll_minutes": 0, **fields}

    answer = manager_client.post("/admin/tracker_connections/new/", data)

    assert answer.status_code == 200
    assert error in answer.content.decode()
    assert not TrackerConnection.objects.exists()


def test_members_cannot_open_the_connections(client, member):
    client.force_login(member)
    assert client.get("/admin/tracker_connections/").status_code in (302, 403)


def test_the_dashboard_says_when_a_tracker_change_waits(client, manager_client, connect, fake, voted_idea, manager):
    from triage.trackers import services

    connection = connect("github", ask_first=["done"])
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    assert "wait for your approval" not in manager_client.get("/admin/").content.decode()

    post_webhook(client, connection, *github_closed(int(link.key)))

    page = manager_client.get("/admin/").content.decode()
    line = f'<a href="{sheet(voted_idea)}"><strong class="waiting-panel__count">1</strong> change from an issue'
    assert line in page


def test_issues_are_created_for_many_ideas_from_the_board(manager_client, connect, fake, voted_idea, manager):
    from tests.factories import IdeaFactory
    from triage.trackers import services

    connection = connect("gitlab")
    other = IdeaFactory(title="Offline mode")
    services.create_issue(voted_idea, connection, manager)

    answer = manager_client.post(
        "/admin/triage/",
        {"ideas": [voted_idea.pk, other.pk], "action": "issues", "tracker": connection.pk},
        follow=True,
    )

    assert "Asked gitlab backlog for 1 issues." in answer.content.decode()  # the first had one already
    assert IssueLink.objects.filter(idea=other, connection=connection).count() == 1
    assert IssueLink.objects.filter(idea=voted_idea).count() == 1
    refused = manager_client.post("/admin/triage/", {"ideas": [other.pk], "action": "issues"})
    assert refused.status_code == 422 and "Choose one for this action." in refused.content.decode()


def test_the_logs_show_what_came_in_and_what_went_out(client, manager_client, connect, fake, voted_idea, manager):
    from triage.trackers import services

    connection = connect("github")
    fake.fail_with = [500]
    services.create_issue(voted_idea, connection, manager)
    post_webhook(client, connection, *github_closed(99, repo="someone/else"))

    requests_page = manager_client.get("/admin/tracker_requests/").content.decode()
    assert "Will retry" in requests_page and "The tracker answered 500" in requests_page
    received = manager_client.get("/admin/tracker_deliveries/").content.decode()
    assert "issues.closed" in received and "someone/else is not this connection" in received
    assert manager_client.get("/admin/tracker_deliveries/new/").status_code == 404
