"""What trackers send besides a closed issue, and what goes wrong on the way."""

import json

import pytest

from community import crypto
from tests.factories import status
from tests.triage.trackers.conftest import SECRET, jira_done, post_webhook
from triage import tasks
from triage.models import IssueLink, TrackerChange, TrackerDelivery, TrackerRequest
from triage.trackers import base, services
from triage.trackers.jira import document, text_of
from triage.trackers.kinds import client


def test_a_body_that_is_not_json_or_has_no_delivery_id_is_refused(client, connect, fake):
    connection = connect("github")
    url = f"/integrations/trackers/{connection.webhook_key}/"

    assert client.post(url, data=b"[1, 2", content_type="application/json").status_code == 400
    unnamed = post_webhook(client, connection, {"action": "closed"}, {"HTTP_X_GITHUB_EVENT": "issues"})
    assert unnamed.status_code == 400 and "delivery id" in unnamed.content.decode()
    assert not TrackerDelivery.objects.exists()


def test_a_connection_turned_off_takes_no_webhooks(client, connect, fake):
    connection = connect("linear", is_active=False)
    answer = post_webhook(client, connection, {"type": "Issue"}, {"HTTP_LINEAR_DELIVERY": "d1"})
    assert answer.status_code == 401 and "turned off" in answer.content.decode()


def test_comments_from_gitlab_jira_and_linear_are_kept_for_the_closing_message(
    client, connect, fake, voted_idea, manager
):
    for kind in ("gitlab", "jira_cloud", "linear"):
        services.create_issue(voted_idea, connect(kind, message_source="tracker"), manager)
    links = {link.connection.kind: link for link in IssueLink.objects.select_related("connection")}
    gitlab, jira, linear = links["gitlab"], links["jira_cloud"], links["linear"]

    post_webhook(
        client,
        gitlab.connection,
        {
            "object_kind": "note",
            "project": {"path_with_namespace": "acme/app"},
            "object_attributes": {
                "note": "Done in 4.2",
                "noteable_type": "Issue",
                "created_at": "2030-01-01 09:00:00 UTC",
            },
            "issue": {"iid": int(gitlab.key), "title": "x"},
        },
        {"HTTP_X_GITLAB_EVENT": "Note Hook", "HTTP_X_GITLAB_EVENT_UUID": "n1"},
    )
    post_webhook(
        client,
        jira.connection,
        {
            "timestamp": 1,
            "webhookEvent": "comment_created",
            "issue": {"id": "1", "key": jira.key, "fields": {"project": {"key": "APP"}}},
            "comment": {
                "id": "5",
                "body": document("Shipped with the spring release."),
                "created": "2030-01-01T09:00:00.000+0000",
            },
        },
        {"HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER": "j1"},
    )
    import time

    post_webhook(
        client,
        linear.connection,
        {
            "type": "Comment",
            "action": "create",
            "data": {
                "body": "Live for everyone.",
                "createdAt": "2030-01-01T09:00:00Z",
                "issue": {"identifier": linear.key},
            },
            "webhookTimestamp": int(time.time() * 1000),
        },
        {"HTTP_LINEAR_DELIVERY": "l1"},
    )

    texts = dict(IssueLink.objects.values_list("key", "last_comment"))
    assert texts[gitlab.key] == "Done in 4.2"
    assert texts[jira.key] == "Shipped with the spring release."
    assert texts[linear.key] == "Live for everyone."


def test_jira_work_in_progress_and_wont_do(client, connect, fake, voted_idea, manager):
    connection = connect("jira_dc")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get()

    payload, headers = jira_done(link.key, category="indeterminate", resolution=None)
    del headers["HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER"]  # Data Center names none: the event names itself
    post_webhook(client, connection, payload, headers)
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("in-progress")
    assert TrackerDelivery.objects.get().delivery_id.startswith(str(payload["timestamp"]))

    payload, headers = jira_done(link.key, resolution="Won't Do", at_ms=payload["timestamp"] + 1000)
    post_webhook(client, connection, payload, headers)
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("declined")


def test_a_held_change_can_be_dismissed_once(client, manager_client, connect, fake, voted_idea, manager):
    connection = connect("jira_cloud", ask_first=["done"])
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get()
    post_webhook(client, connection, *jira_done(link.key))
    held = TrackerChange.objects.get()

    answer = manager_client.post(
        f"/admin/triage/{voted_idea.pk}/",
        {"action": "tracker_change", "tracker_change-change": held.pk, "tracker_change-decision": "dismiss"},
        follow=True,
    )

    assert "Dismissed: the idea stays where it is." in answer.content.decode()
    held.refresh_from_db()
    assert held.state == TrackerChange.State.DISMISSED
    with pytest.raises(services.InvalidInput):
        services.approve(held, manager)
    with pytest.raises(services.InvalidInput):
        services.dismiss(held, manager)


def test_the_tasks_run_what_is_due(connect, fake, voted_idea, manager):
    connection = connect("github", poll_minutes=5)
    fake.fail_with = [503]
    request = services.create_issue(voted_idea, connection, manager)
    TrackerRequest.objects.filter(pk=request.pk).update(next_attempt_at=request.created_at)

    assert tasks.retry_tracker_requests() == 1
    assert TrackerRequest.objects.get(pk=request.pk).state == TrackerRequest.State.DONE
    assert tasks.poll_trackers() == 1
    assert tasks.send_weekly_summary() == 0  # no destination wants it


def test_calls_that_go_wrong_say_why(connect, fake, voted_idea):
    connection = connect("gitlab", base_url="http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(base.TrackerError) as unreachable:
        client(connection).fetch("1")
    assert unreachable.value.retry and "could not be reached" in unreachable.value.message

    unreadable = connect("linear", token_encrypted="not-a-fernet-token")
    with pytest.raises(base.TrackerError) as lost:
        client(unreadable).fetch("ENG-1")
    assert "enter it again" in lost.value.message

    with pytest.raises(base.TrackerError) as missing:
        client(connect("linear")).fetch("ENG-404")
    assert "Entity not found" in missing.value.message or "no issue" in missing.value.message
    with pytest.raises(base.TrackerError) as no_team:
        client(connect("linear", project="OPS")).create("x", "y")
    assert "no team with the key OPS" in no_team.value.message


def test_text_of_reads_documents_and_plain_text():
    assert text_of("plain") == "plain"
    assert text_of(document("One.\n\nTwo.")) == "One.\n\nTwo."
    assert text_of(None) == ""
    assert json.dumps(document("")) == '{"type": "doc", "version": 1, "content": []}'
    assert crypto.decrypt(crypto.encrypt(SECRET)) == SECRET


def test_a_tracker_that_refuses_is_said_so_on_the_sheet(manager_client, connect, fake, voted_idea):
    connection = connect("github", token_encrypted=crypto.encrypt("revoked"))

    answer = manager_client.post(
        f"/admin/triage/{voted_idea.pk}/", {"action": "issue", "issue-connection": connection.pk}
    )

    assert answer.status_code == 422
    assert "The tracker refused: The tracker answered 401" in answer.content.decode()
    assert "Failed after 1 attempts." in answer.content.decode()
