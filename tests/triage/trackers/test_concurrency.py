"""Trackers deliver webhooks in parallel: eight issues of one idea closing at the same
moment ship the idea exactly once."""

import pytest
from django.utils import timezone

from ideas.models import StatusChange
from tests.factories import status
from tests.threads import run_at_once
from triage.models import IssueLink, TrackerChange
from triage.trackers import services

ISSUES = 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_issues_closing_at_once_ship_the_idea_once(connect, voted_idea):
    connection = connect("jira_cloud")
    links = [
        IssueLink.objects.create(
            idea=voted_idea, connection=connection, key=f"APP-{n}", url=f"https://x/browse/APP-{n}"
        )
        for n in range(1, ISSUES + 1)
    ]
    now = timezone.now()

    errors = run_at_once(lambda link: services.update_state(link, IssueLink.State.DONE, now), links)

    assert errors == []
    voted_idea.refresh_from_db()
    assert voted_idea.status == status("shipped")
    assert StatusChange.objects.filter(idea=voted_idea, to_status=status("shipped")).count() == 1
    assert StatusChange.objects.filter(idea=voted_idea, to_status=status("in-progress")).count() == 1
    assert TrackerChange.objects.filter(idea=voted_idea, state=TrackerChange.State.APPLIED).count() == 2
    assert set(IssueLink.objects.values_list("state", flat=True)) == {IssueLink.State.DONE}
