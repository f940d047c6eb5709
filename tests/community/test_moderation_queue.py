import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from community.members.groups import MODERATORS, PRODUCT_MANAGERS
from community.models import Flag, ModerationEdit, ModerationPolicy, ModerationState
from community.moderation import services as moderation
from ideas import services as idea_services
from ideas.models import Comment, Idea
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(member):
    ModerationPolicy.objects.update_or_create(defaults={"pre_moderation": True})
    return idea_services.submit_idea(member, title="Held for review")


@pytest.fixture
def reported():
    comment = idea_services.add_comment(MemberFactory(), IdeaFactory(), "Call me on 0170 1234567")
    moderation.flag(MemberFactory(), comment, Flag.Reason.PERSONAL_DATA)
    return comment


def test_the_queue_lists_held_and_reported_content_oldest_first_with_a_menu_count(admin_client, reported, held):
    response = admin_client.get(reverse("moderation_queue"))
    body = response.content.decode()

    assert response.status_code == 200
    assert body.index("Call me on") < body.index("Held for review")
    assert "every post waits for a moderator" in body and "reported, still shown" in body
    assert "Moderation (2)" in admin_client.get("/admin/").content.decode()


def test_the_queue_filters_by_kind(admin_client, held, reported):
    body = admin_client.get(reverse("moderation_queue") + "?kind=ideas.comment").content.decode()

    assert "Call me on" in body and "Held for review" not in body


def test_an_item_shows_its_context_and_is_approved(admin_client, held, django_capture_on_commit_callbacks):
    url = reverse("moderation_item", kwargs={"kind": "ideas.idea", "pk": held.pk})

    page = admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"decision": ModerationState.PUBLISHED})

    assert "The author so far" in page and "Waiting for a moderator: 1" in page
    assert response.status_code == 302
    assert Idea.objects.get(pk=held.pk).is_published


def test_rejecting_needs_a_reason(admin_client, held):
    url = reverse("moderation_item", kwargs={"kind": "ideas.idea", "pk": held.pk})

    response = admin_client.post(url, {"decision": ModerationState.REJECTED, "reason": ""})

    assert response.status_code == 422
    assert "Tell the author why." in response.content.decode()
    assert Idea.objects.get(pk=held.pk).moderation_state == ModerationState.PENDING


def test_spam_suspends_the_author(admin_client, held, member):
    url = reverse("moderation_item", kwargs={"kind": "ideas.idea", "pk": held.pk})

    admin_client.post(url, {"decision": ModerationState.SPAM, "reason": "Advertising.", "suspend_for": "7"})

    member.refresh_from_db()
    assert member.is_suspended and member.suspended_until is not None
    assert Idea.objects.get(pk=held.pk).moderation_state == ModerationState.SPAM


def test_bulk_decisions(admin_client, held, reported):
    response = admin_client.post(
        reverse("moderation_queue"),
        {"items": [f"ideas.idea:{held.pk}", f"ideas.comment:{reported.pk}"], "decision": "rejected", "reason": "No."},
        follow=True,
    )

    assert "Decided on 2 items." in response.content.decode()
    assert Idea.objects.get(pk=held.pk).moderation_state == "rejected"
    assert Comment.objects.get(pk=reported.pk).moderation_state == "rejected"


def test_a_moderator_edits_and_the_original_is_kept(admin_client, reported, django_capture_on_commit_callbacks):
    url = reverse("moderation_item", kwargs={"kind": "ideas.comment", "pk": reported.pk})

    admin_client.post(url, {"action": "edit", "body": "Call me (number removed)", "edit_reason": "Personal data."})

    reported.refresh_from_db()
    assert reported.body == "Call me (number removed)"
    assert ModerationEdit.objects.get().original == {"body": "Call me on 0170 1234567"}


def test_editing_needs_a_reason_and_keeps_limits(staff, reported):
    with pytest.raises(moderation.InvalidInput):
        moderation.edit_content(reported, staff, {"body": "Shorter"}, "")
    with pytest.raises(moderation.InvalidInput):
        moderation.edit_content(reported, staff, {"author": "someone"}, "Why not")


@pytest.mark.parametrize("group", [PRODUCT_MANAGERS, None])
def test_others_cannot_open_the_queue(client, group, held):
    person = MemberFactory(is_staff=True)
    if group:
        person.groups.add(Group.objects.get(name=group))
    client.force_login(person)

    response = client.get(reverse("moderation_queue"))

    assert response.status_code in (302, 403)
    assert "Held for review" not in response.content.decode()


def test_moderators_open_the_queue(client, held):
    from allauth.mfa.models import Authenticator

    moderator = MemberFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(moderator)

    assert "Held for review" in client.get(reverse("moderation_queue")).content.decode()


def test_the_dashboard_shows_how_long_decisions_take(admin_client, staff, held):
    from datetime import timedelta

    from django.utils import timezone

    Idea.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=5))
    moderation.moderate(held, ModerationState.PUBLISHED, staff)

    body = admin_client.get("/admin/").content.decode()

    assert "Time to a decision" in body
    assert "Last 7 days: 1 decision" in body and "5" in body.split("Last 7 days")[1][:200]
