"""The admin dashboard counts what waits: posts for moderators, ideas without an
answer and evaluations for product managers, each a link to where the work is done."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone

from community.members.groups import MODERATORS, PRODUCT_MANAGERS
from community.models import ModerationPolicy
from ideas import services as idea_services
from ideas.models import Idea
from tests.factories import IdeaFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def lines(body: str) -> dict[str, str]:
    """The panel's lines as {label: link}, with their counts in the label."""
    panel = body.split('id="waiting-title"', 1)[1].split("</section>", 1)[0]
    found = re.findall(r'<a href="([^"]+)"><strong class="waiting-panel__count">(\d+)</strong> ([^<]+)</a>', panel)
    return {f"{count} {label}": url.replace("&amp;", "&") for url, count, label in found}


def signed_in(client, person):
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(person)
    return client


def test_staff_see_every_kind_of_waiting_work_with_its_count_and_link(client, member):
    ModerationPolicy.objects.update_or_create(defaults={"pre_moderation": True})
    for title in ("Held one", "Held two"):
        idea_services.submit_idea(member, title=title)
    new = status("new")
    unanswered = IdeaFactory.create_batch(3, status=new)
    Idea.objects.filter(pk=unanswered[0].pk).update(created_at=timezone.now() - timedelta(days=3))
    answered = IdeaFactory(status=new)
    staff = StaffFactory()
    idea_services.add_comment(staff, answered, "We look into it.", official=True)
    IdeaFactory(status=status("planned"))
    IdeaFactory(evaluator=staff, status=status("under-review"))

    body = signed_in(client, staff).get("/admin/").content.decode()

    assert lines(body) == {
        "2 posts wait for a moderator": "/admin/moderation/",
        "3 new ideas wait for an answer from the team": "/admin/triage/?status=new&official=no",
        "1 idea waits for your evaluation": f"/admin/triage/?evaluator={staff.pk}",
    }
    assert "the oldest for 3" in body


def test_each_person_sees_only_the_work_they_may_do(client):
    IdeaFactory(status=status("new"))
    moderator = StaffFactory(is_superuser=False)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    manager = StaffFactory(is_superuser=False)
    manager.groups.add(Group.objects.get(name=PRODUCT_MANAGERS))

    for_moderator = signed_in(client, moderator).get("/admin/").content.decode()
    for_manager = lines(signed_in(client, manager).get("/admin/").content.decode())

    assert "Nothing waits for you" in for_moderator and "new idea" not in for_moderator
    assert list(for_manager) == ["1 new idea waits for an answer from the team"]


def test_when_nothing_waits_the_panel_says_so(client):
    body = signed_in(client, StaffFactory()).get("/admin/").content.decode()

    assert "Nothing waits for you" in body
