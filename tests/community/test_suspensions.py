from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from community.errors import InvalidInput, NotAllowed, Suspended
from community.models import Notification
from community.moderation import suspensions
from ideas import services as idea_services
from reviews import services as review_services
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_a_suspended_member_reads_but_cannot_write_and_is_told_why_and_until_when(client, board, member, staff):
    until = timezone.now() + timedelta(days=7)
    suspensions.suspend(member, staff, "Repeated spam.", until)
    idea = IdeaFactory()

    with pytest.raises(Suspended) as refused:
        idea_services.cast_vote(member, idea)
    client.force_login(member)
    page = client.get("/ideas/")
    posted = client.post("/ideas/new/", {"title": "Let me post"})

    assert "until" in refused.value.message and "Repeated spam." in refused.value.message
    assert page.status_code == 200
    assert "Your account is suspended until" in page.content.decode()
    assert posted.status_code == 422
    assert "Repeated spam." in posted.content.decode()


def test_a_suspension_ends_by_itself_when_its_time_is_up(member, staff, product):
    suspensions.suspend(member, staff, "Cool down.", timezone.now() + timedelta(minutes=5))
    member.refresh_from_db()
    member.suspended_until = timezone.now() - timedelta(seconds=1)

    review = review_services.submit_review(member, product, rating=4, title="Back").review

    assert review.pk


def test_suspending_for_good_and_reinstating_are_logged_and_announced(
    member, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suspensions.suspend(member, staff, "Abuse.")
    suspended = member.is_suspended
    with django_capture_on_commit_callbacks(execute=True):
        suspensions.reinstate(member, staff)

    assert suspended and not member.is_suspended
    actions = list(ModelLogEntry.objects.order_by("pk").values_list("action", "user_id"))
    assert actions == [(suspensions.SUSPEND, staff.pk), (suspensions.REINSTATE, staff.pk)]
    titles = list(Notification.objects.filter(recipient=member).order_by("pk").values_list("title", flat=True))
    assert titles == ["Your account is suspended", "Your account is active again"]


def test_members_cannot_suspend_and_nobody_suspends_themselves(member, staff):
    with pytest.raises(NotAllowed):
        suspensions.suspend(MemberFactory(), member, "Because.")
    with pytest.raises(NotAllowed):
        suspensions.suspend(staff, staff, "Oops.")


@pytest.mark.parametrize(
    ("reason", "until", "field"),
    [("", None, "reason"), ("x" * 1_001, None, "reason"), ("Late", timezone.now() - timedelta(days=1), "until")],
)
def test_a_suspension_needs_a_reason_and_a_future_end(member, staff, reason, until, field):
    with pytest.raises(InvalidInput) as error:
        suspensions.suspend(member, staff, reason, until)

    assert field in error.value.details
    member.refresh_from_db()
    assert not member.is_suspended


def test_staff_suspend_and_reinstate_in_the_admin(admin_client, member):
    listing = admin_client.get(reverse("members:index"))
    suspended = admin_client.post(reverse("members:edit", args=[member.pk]), {"suspend": "1", "reason": "Spam."})
    member.refresh_from_db()
    was_suspended = member.is_suspended
    refused = admin_client.post(reverse("members:edit", args=[member.pk]), {"suspend": "1", "reason": ""})
    reinstated = admin_client.post(reverse("members:edit", args=[member.pk]), {"suspend": "", "reason": ""})

    assert listing.status_code == 200 and member.email in listing.content.decode()
    assert suspended.status_code == 302 and was_suspended
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert reinstated.status_code == 302
    member.refresh_from_db()
    assert not member.is_suspended
