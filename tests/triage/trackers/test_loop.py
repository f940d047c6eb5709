"""The loop with each tracker, at the service level: an issue made from an idea, the
tracker's own webhook closes it, the idea ships and its voters hear it."""

import pytest

from community.models import Notification
from ideas.models import StatusChange
from tests.factories import status
from tests.triage.trackers.conftest import github_closed, gitlab_closed, jira_done, linear_done, post_webhook
from triage.models import IssueLink, TrackerChange, TrackerDelivery, TrackerRequest
from triage.trackers import services

CLOSED = {
    "github": lambda key: github_closed(int(key)),
    "gitlab": lambda key: gitlab_closed(int(key)),
    "jira_cloud": jira_done,
    "jira_dc": jira_done,
    "linear": linear_done,
}


@pytest.mark.parametrize("kind", ["github", "gitlab", "jira_cloud", "jira_dc", "linear"])
def test_an_issue_made_from_an_idea_ships_the_idea_when_the_tracker_closes_it(
    kind, client, connect, fake, voted_idea, manager
):
    connection = connect(kind, labels="From customers, feedback")

    request = services.create_issue(voted_idea, connection, manager)

    assert request.state == TrackerRequest.State.DONE, request.error
    link = IssueLink.objects.get(idea=voted_idea)
    assert link.connection == connection and link.state == IssueLink.State.OPEN
    made = fake.issues[("linear" if kind == "linear" else kind.split("_")[0], link.key)]
    text = str(made.get("body") or made.get("description") or made.get("fields", {}).get("description"))
    assert "Dark mode for the reports" in str(made.get("title") or made.get("fields", {}).get("summary"))
    assert "Votes: 3" in text and f"/ideas/{voted_idea.pk}" in text
    voted_idea.refresh_from_db()
    assert voted_idea.external_url == link.url  # "tracked" on the public page

    payload, headers = CLOSED[kind](link.key)
    answer = post_webhook(client, connection, payload, headers)

    assert answer.status_code == 202, answer.content
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("shipped")
    change = TrackerChange.objects.get(idea=voted_idea)
    assert change.state == TrackerChange.State.APPLIED and link.key in change.source
    assert change.status_change.changed_by is None
    for voter in voted_idea.voters:
        told = Notification.objects.get(recipient=voter, event_key=f"idea-shipped-voter:{change.status_change_id}")
        assert "Did this solve it for you?" in told.body


def test_labels_and_the_jira_document_reach_the_tracker(connect, fake, voted_idea, manager):
    services.create_issue(voted_idea, connect("jira_cloud", labels="From customers"), manager)
    services.create_issue(voted_idea, connect("linear", labels="From customers"), manager)

    jira = next(issue for (tracker, _key), issue in fake.issues.items() if tracker == "jira")
    assert jira["fields"]["labels"] == ["From-customers"]
    assert jira["fields"]["description"]["type"] == "doc"
    linear = next(issue for (tracker, _key), issue in fake.issues.items() if tracker == "linear")
    assert linear["labelIds"] == ["label-1"]


def test_a_bad_signature_is_refused_and_changes_nothing(client, connect, fake, voted_idea, manager):
    connection = connect("github")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    payload, headers = github_closed(int(link.key))

    wrong = post_webhook(client, connection, payload, headers, sign="wrong")
    unsigned = post_webhook(client, connection, payload, headers, sign=None)

    assert wrong.status_code == 401 and unsigned.status_code == 401
    assert wrong["Content-Type"] == "application/problem+json"
    assert not TrackerDelivery.objects.exists()
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("planned")


@pytest.mark.parametrize("kind", ["gitlab", "jira_cloud", "linear"])
def test_every_tracker_refuses_a_wrong_signature(kind, client, connect, fake, voted_idea, manager):
    connection = connect(kind)
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    payload, headers = CLOSED[kind](link.key)

    assert post_webhook(client, connection, payload, headers, sign="wrong").status_code == 401
    assert IssueLink.objects.get(pk=link.pk).state == IssueLink.State.OPEN


def test_a_replayed_delivery_changes_nothing_twice(client, connect, fake, voted_idea, manager):
    connection = connect("github")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    payload, headers = github_closed(int(link.key))

    first = post_webhook(client, connection, payload, headers)
    again = post_webhook(client, connection, payload, headers)

    assert first.status_code == 202 and again.status_code == 200
    assert TrackerDelivery.objects.count() == 1
    assert StatusChange.objects.filter(idea=voted_idea, to_status=status("shipped")).count() == 1


def test_an_old_linear_delivery_is_refused(client, connect, fake, voted_idea, manager):
    connection = connect("linear")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    payload, headers = linear_done(link.key, stamp_ms=1_000)

    assert post_webhook(client, connection, payload, headers).status_code == 401


def test_an_unknown_repository_is_ignored(client, connect, fake, voted_idea, manager):
    connection = connect("github")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    payload, headers = github_closed(int(link.key), repo="someone/else")

    assert post_webhook(client, connection, payload, headers).status_code == 202

    delivery = TrackerDelivery.objects.get()
    assert delivery.state == TrackerDelivery.State.IGNORED and "someone/else" in delivery.outcome
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("planned")


def test_events_out_of_order_leave_the_newest_state(client, connect, fake, voted_idea, manager):
    connection = connect("github", reopened_status=None)
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    closed, closed_headers = github_closed(int(link.key), at="2026-12-03T09:00:00Z")
    reopened, reopened_headers = github_closed(int(link.key), at="2026-12-02T09:00:00Z")
    reopened["action"], reopened["issue"]["state"], reopened["issue"]["closed_at"] = "reopened", "open", None

    post_webhook(client, connection, closed, closed_headers)
    post_webhook(client, connection, reopened, reopened_headers)  # sent earlier, arrived later

    link.refresh_from_db()
    assert link.state == IssueLink.State.DONE
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("shipped")
    assert "older event" in TrackerDelivery.objects.get(event="issues.reopened").outcome


def test_the_idea_ships_only_when_every_linked_issue_is_done(client, connect, fake, voted_idea, manager):
    connection = connect("github")
    services.create_issue(voted_idea, connection, manager)
    services.create_issue(voted_idea, connect("jira_cloud"), manager)
    first, second = IssueLink.objects.filter(idea=voted_idea).order_by("pk")

    post_webhook(client, connection, *github_closed(int(first.key)))

    voted_idea.refresh_from_db()
    assert voted_idea.status == status("in-progress")  # part of the work is done
    payload, headers = jira_done(second.key)
    post_webhook(client, second.connection, payload, headers)
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("shipped")


def test_closed_as_not_planned_declines_and_a_reopen_brings_it_back(client, connect, fake, voted_idea, manager):
    connection = connect("github")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)

    post_webhook(client, connection, *github_closed(int(link.key), reason="not_planned"))
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("declined")

    reopened, headers = github_closed(int(link.key), at="2026-12-05T09:00:00Z")
    reopened["action"], reopened["issue"]["state"], reopened["issue"]["state_reason"] = "reopened", "open", "reopened"
    post_webhook(client, connection, reopened, headers)
    voted_idea.refresh_from_db()
    change = TrackerChange.objects.filter(idea=voted_idea).first()
    # declined → in progress is not a move the workflow allows: logged, not made
    assert voted_idea.status == status("declined")
    assert change.state == TrackerChange.State.REFUSED and "workflow" in change.reason


def test_ask_first_holds_the_change_until_a_product_manager_approves(client, connect, fake, voted_idea, manager):
    connection = connect("github", ask_first=["done"], message_source="tracker")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    comment = {
        "action": "created",
        "issue": {"number": int(link.key), "html_url": link.url, "title": "x", "state": "open"},
        "comment": {"body": "Released in 4.2: reports follow the system theme.", "created_at": "2026-12-02T08:59:00Z"},
        "repository": {"full_name": "acme/app"},
    }
    post_webhook(client, connection, comment, {"HTTP_X_GITHUB_EVENT": "issue_comment", "HTTP_X_GITHUB_DELIVERY": "c1"})

    post_webhook(client, connection, *github_closed(int(link.key)))

    voted_idea.refresh_from_db()
    assert voted_idea.status == status("planned")
    held = TrackerChange.objects.get(idea=voted_idea)
    assert held.state == TrackerChange.State.HELD
    assert held.message == "Released in 4.2: reports follow the system theme."

    services.approve(held, manager)

    voted_idea.refresh_from_db()
    assert voted_idea.status == status("shipped")
    held.refresh_from_db()
    assert held.state == TrackerChange.State.APPLIED and held.decided_by == manager
    assert held.status_change.message == "Released in 4.2: reports follow the system theme."


def test_an_automatic_change_can_be_undone(client, connect, fake, voted_idea, manager):
    connection = connect("github")
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    post_webhook(client, connection, *github_closed(int(link.key)))
    change = TrackerChange.objects.get(idea=voted_idea)

    services.undo(change, manager)

    voted_idea.refresh_from_db()
    assert voted_idea.status == status("planned")
    change.refresh_from_db()
    assert change.state == TrackerChange.State.UNDONE
    with pytest.raises(services.InvalidInput):
        services.undo(change, manager)


def test_a_tracker_that_fails_is_tried_again_and_shown(connect, fake, voted_idea, manager, monkeypatch):
    connection = connect("github")
    fake.fail_with = [500]

    request = services.create_issue(voted_idea, connection, manager)

    assert request.state == TrackerRequest.State.RETRYING and "500" in request.error
    assert not IssueLink.objects.exists()
    connection.refresh_from_db()
    assert "500" in connection.last_problem
    TrackerRequest.objects.filter(pk=request.pk).update(next_attempt_at=request.created_at)
    assert services.due_requests() == [request.pk]
    assert services.run_request(request.pk) == TrackerRequest.State.DONE
    assert IssueLink.objects.get(idea=voted_idea)


def test_a_tracker_that_does_not_answer_is_tried_again(connect, fake, voted_idea, manager, monkeypatch):
    from triage.trackers import base

    monkeypatch.setattr(base, "TIMEOUT", (1, 0.3))
    fake.stall_for = 1.0

    request = services.create_issue(voted_idea, connect("gitlab"), manager)

    assert request.state == TrackerRequest.State.RETRYING
    assert "did not answer" in request.error


def test_a_refused_token_fails_without_retrying(connect, fake, voted_idea, manager):
    from community import crypto

    request = services.create_issue(voted_idea, connect("github", token_encrypted=crypto.encrypt("wrong")), manager)

    assert request.state == TrackerRequest.State.FAILED and "401" in request.error


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("github", "https://github.com/acme/app/issues/{key}"),
        ("gitlab", "https://gitlab.example.com/acme/app/-/issues/{key}"),
        ("jira_cloud", "{base}/browse/{key}"),
        ("linear", "https://linear.app/acme/issue/{key}/dark-mode"),
    ],
)
def test_an_existing_issue_is_linked_by_its_address(kind, url, connect, fake, voted_idea, manager):
    connection = connect(kind)
    services.create_issue(voted_idea, connection, manager)
    made = IssueLink.objects.get(idea=voted_idea)
    made.delete()

    link = services.link_issue(voted_idea, url.format(key=made.key, base=fake.url), manager)

    assert link.key == made.key and link.connection == connection and link.title == "Dark mode for the reports"
    with pytest.raises(services.InvalidInput):
        services.link_issue(voted_idea, url.format(key=made.key, base=fake.url), manager)


def test_an_address_of_another_project_is_refused(connect, fake, voted_idea, manager):
    connect("github")
    with pytest.raises(services.InvalidInput) as refused:
        services.link_issue(voted_idea, "https://github.com/someone/else/issues/4", manager)
    assert "connected tracker" in str(refused.value.details["url"][0])


def test_staff_notes_are_posted_on_the_issues_where_allowed(connect, fake, voted_idea, manager):
    connection = connect("linear", post_notes=True)
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)

    assert services.post_note(voted_idea, connection, "Customers on the Enterprise plan ask most.", manager) == 1

    assert fake.comments == [("linear", link.key, "Customers on the Enterprise plan ask most.")]
    with pytest.raises(services.InvalidInput):
        services.post_note(voted_idea, connect("github"), "x", manager)


def test_members_cannot_link_issues(connect, fake, voted_idea):
    from community.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.create_issue(voted_idea, connect("github"), voted_idea.voters[0])


def test_polling_finds_a_closed_issue_and_backs_off_when_the_tracker_fails(connect, fake, voted_idea, manager):
    from datetime import timedelta

    from django.utils import timezone

    connection = connect("jira_dc", poll_minutes=5)
    services.create_issue(voted_idea, connection, manager)
    link = IssueLink.objects.get(idea=voted_idea)
    fake.set_state(
        "jira",
        link.key,
        fields={
            **fake.issues[("jira", link.key)]["fields"],
            "status": {"statusCategory": {"key": "done"}},
            "resolution": {"name": "Done"},
            "resolutiondate": None,
            "updated": "2026-12-05T09:00:00.000+0000",
        },
    )
    fake.fail_with = [503]
    now = timezone.now()

    assert services.poll_due(now) == 0
    connection.refresh_from_db()
    assert connection.poll_failures == 1
    assert services.poll_due(now + timedelta(minutes=6)) == 0  # waits twice as long after a failure
    assert services.poll_due(now + timedelta(minutes=11)) == 1

    voted_idea.refresh_from_db()
    assert voted_idea.status == status("shipped")
    connection.refresh_from_db()
    assert connection.poll_failures == 0
