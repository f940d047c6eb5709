"""/api/v1/me/: a member's own notifications and channel choices."""

import pytest

from community.models import ConsentChange, Notification
from community.notifications import channels
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(member):
    mine = [
        Notification.objects.create(recipient=member, event_key=f"e:{n}", topic="idea_status", title=f"News {n}")
        for n in range(3)
    ]
    theirs = Notification.objects.create(recipient=MemberFactory(), event_key="e:9", title="Theirs")
    return mine, theirs


def test_a_member_lists_their_notifications_and_marks_them_read(api, notes):
    mine, theirs = notes

    listed = api.get("/me/notifications/").json()
    one = api.post(f"/me/notifications/{mine[0].pk}/read/").json()
    unread = api.get("/me/notifications/", unread="true").json()
    everything = api.post("/me/notifications/read/").json()

    assert [item["title"] for item in listed["items"]] == ["News 2", "News 1", "News 0"]
    assert one == {"unread": 2}
    assert unread["count"] == 2
    assert everything == {"unread": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_another_members_notification_is_not_found(api, notes):
    _, theirs = notes

    response = api.post(f"/me/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_member_reads_and_changes_their_channels(api, member):
    before = api.get("/me/notification-settings/").json()

    after = api.send("put", "/me/notification-settings/", {"channels": {"idea_status": "weekly"}}).json()

    status = next(topic for topic in before["topics"] if topic["topic"] == "idea_status")
    assert status == {
        "topic": "idea_status",
        "label": "Status changes of ideas I follow",
        "channel": "in_app",
        "allowed": ["in_app", "email", "daily", "weekly", "none"],
    }
    assert channels.channels_of(member)["idea_status"] == "weekly"
    assert after["history"][0]["source"] == "api"
    assert ConsentChange.objects.get().source == ConsentChange.Source.API


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channels": {"highlights": "email"}}, "highlights"),
        ({"channels": {"gossip": "email"}}, "gossip"),
        ({"channels": "weekly"}, "channels"),
        ({}, "channels"),
    ],
)
def test_a_bad_choice_is_a_problem_naming_the_field_and_changes_nothing(api, member, body, field):
    response = api.send("put", "/me/notification-settings/", body)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not ConsentChange.objects.exists()


def test_signed_out_callers_are_refused(anonymous_api):
    assert anonymous_api.get("/me/notifications/").status_code == 401
    assert anonymous_api.get("/me/notification-settings/").status_code == 401
