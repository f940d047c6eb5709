"""The triage board as a product manager reads it: every custom admin page titled,
columns they choose (remembered), numbers with their units."""

import re

import pytest
from django.contrib.auth.models import Group

from community.members.groups import MODERATORS
from ideas import services
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def header(body: str) -> list[str]:
    head = body.split('<table class="listing triage-table">', 1)[1].split("</thead>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", head)]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/admin/triage/", "Triage"),
        ("/admin/triage/kanban/", "Ideas by status"),
        ("/admin/insights/", "Insights"),
        ("/admin/moderation/", "Moderation"),
    ],
)
def test_every_custom_admin_page_is_headed_by_its_own_title(client, path, title):
    from allauth.mfa.models import Authenticator

    staff = StaffFactory()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(staff)

    body = client.get(path).content.decode()

    trail = body.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    crumbs = [" ".join(re.sub(r"<[^>]+>", " ", crumb).split()) for crumb in re.findall(r"<li\b.*?</li>", trail, re.S)]
    assert crumbs[-1] == title
    assert f"<title>{title} - " in body


def test_the_title_comes_first_then_the_default_columns(manager_client):
    IdeaFactory(title="Dark mode")

    body = manager_client.get("/admin/triage/").content.decode()

    assert header(body) == ["Idea", "Status", "Votes", "Weighted votes", "Customer value", "Trend", "Age"]


def test_a_product_manager_chooses_columns_and_the_board_remembers(manager_client):
    IdeaFactory(title="Dark mode")

    chosen = manager_client.get("/admin/triage/", {"choose_columns": "1", "columns": ["owner", "votes", "nonsense"]})
    later = manager_client.get("/admin/triage/", {"sort": "newest"})

    assert header(chosen.content.decode()) == ["Idea", "Votes", "Owner"]
    assert header(later.content.decode()) == ["Idea", "Votes", "Owner"]
    assert "choose_columns" not in later.context["query"]


def test_numbers_carry_their_units(manager_client):
    idea = IdeaFactory(title="Dark mode")
    for voter in MemberFactory.create_batch(2, customer_value=1_250_000):
        services.cast_vote(voter, idea)

    body = manager_client.get("/admin/triage/").content.decode()

    row = body.split("Dark mode", 1)[1].split("</tr>", 1)[0]
    assert "2 votes" in row and "+2 this week" in row
    assert "2.5 million" in row or "100,000" in row  # the value is capped per member (DemandSettings)


def test_moderators_cannot_open_the_kanban_nor_move_ideas(client):
    from allauth.mfa.models import Authenticator

    moderator = StaffFactory(is_superuser=False)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(moderator)
    idea = IdeaFactory()

    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    for response in (
        client.get("/admin/triage/kanban/"),
        client.post("/admin/triage/kanban/move/", {"idea": idea.pk, "to_status": status("planned").pk}),
    ):
        assert (response.status_code, response.url) == (302, "/admin/")
    idea.refresh_from_db()
    assert idea.status.slug == "new"


def test_the_kanban_shows_each_status_with_its_most_voted_cards(manager_client):
    popular = IdeaFactory(title="Popular", status=status("planned"))
    IdeaFactory(title="Quiet", status=status("planned"))
    services.cast_vote(MemberFactory(), popular)
    IdeaFactory(title="Fresh")

    body = manager_client.get("/admin/triage/kanban/").content.decode()

    planned = body.split('id="kanban-planned"', 1)[1].split("</section>", 1)[0]
    assert planned.index("Popular") < planned.index("Quiet")
    assert '<span class="kanban__count" data-count>2</span>' in planned
    assert "Fresh" in body.split('id="kanban-new"', 1)[1].split("</section>", 1)[0]


def test_a_move_goes_through_the_workflow_with_its_message(manager_client, manager, django_capture_on_commit_callbacks):
    from community.models import Notification

    follower = MemberFactory()
    idea = IdeaFactory(title="Dark mode")
    services.follow_idea(follower, idea)

    with django_capture_on_commit_callbacks(execute=True):
        answer = manager_client.post(
            "/admin/triage/kanban/move/",
            {"idea": idea.pk, "to_status": status("planned").pk, "message": "Coming in **May**."},
            HTTP_ACCEPT="application/json",
        )

    assert answer.status_code == 200
    assert answer.json() == {"message": "“Dark mode” is now Planned; its followers are told.", "status": "planned"}
    idea.refresh_from_db()
    change = idea.status_changes.get()
    assert (idea.status.slug, change.message, change.changed_by) == ("planned", "Coming in **May**.", manager)
    assert Notification.objects.get(recipient=follower).body == "Coming in **May**."


def test_a_refused_move_says_why_and_changes_nothing(manager_client):
    idea = IdeaFactory(status=status("planned"))

    same = manager_client.post(
        "/admin/triage/kanban/move/",
        {"idea": idea.pk, "to_status": status("planned").pk},
        HTTP_ACCEPT="application/json",
    )
    unknown = manager_client.post(
        "/admin/triage/kanban/move/", {"idea": idea.pk, "to_status": 999_999}, HTTP_ACCEPT="application/json"
    )
    plain = manager_client.post("/admin/triage/kanban/move/", {"idea": idea.pk, "message": "x"}, follow=True)

    assert same.status_code == 422 and same.json()["errors"]["to_status"] == ["The idea already has this status."]
    assert unknown.status_code == 422 and "to_status" in unknown.json()["errors"]
    assert "This field is required." in plain.content.decode()
    idea.refresh_from_db()
    assert idea.status.slug == "planned" and not idea.status_changes.exists()


def test_a_move_without_javascript_returns_to_the_kanban_with_a_message(manager_client):
    idea = IdeaFactory(title="Dark mode")

    response = manager_client.post(
        "/admin/triage/kanban/move/", {"idea": idea.pk, "to_status": status("under-review").pk}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/admin/triage/kanban/"
    assert "“Dark mode” is now Under review; its followers are told." in response.content.decode()
