import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from ideas.models import StatusChange
from tests.factories import IdeaFactory, MemberFactory, status

pytestmark = pytest.mark.django_db


def test_staff_list_search_and_filter_ideas(admin_client):
    IdeaFactory(title="Dark mode")
    IdeaFactory(title="Offline folders", status=status("planned"))

    listing = admin_client.get(reverse("ideas:index"))
    searched = admin_client.get(reverse("ideas:index") + "?q=dark")
    filtered = admin_client.get(reverse("ideas:index") + f"?status={status('planned').pk}")

    assert listing.status_code == 200
    assert "Dark mode" in listing.content.decode() and "Offline folders" in listing.content.decode()
    assert "Offline folders" not in searched.content.decode()
    assert "Dark mode" not in filtered.content.decode()


def test_a_status_change_in_the_admin_goes_through_the_workflow(admin_client, staff):
    idea = IdeaFactory()

    form = admin_client.get(reverse("status_changes:add") + f"?idea={idea.pk}")
    response = admin_client.post(
        reverse("status_changes:add"), {"idea": idea.pk, "to_status": status("planned").pk, "message": "In May."}
    )

    assert form.status_code == 200
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status.slug == "planned"
    change = StatusChange.objects.get()
    assert (change.from_status.slug, change.changed_by, change.message) == ("new", staff, "In May.")


def test_a_change_the_workflow_forbids_is_refused_with_its_reason(admin_client):
    idea = IdeaFactory(status=status("declined"))

    response = admin_client.post(reverse("status_changes:add"), {"idea": idea.pk, "to_status": status("shipped").pk})

    assert response.status_code == 200
    assert "cannot move from" in response.content.decode()
    assert not StatusChange.objects.exists()
    idea.refresh_from_db()
    assert idea.status.slug == "declined"


def test_members_cannot_reach_the_ideas_admin(client):
    client.force_login(MemberFactory())

    response = client.get(reverse("ideas:index"))

    assert response.status_code in (302, 403)


def test_staff_add_a_status_with_its_german_name(admin_client):
    fields = {"name": "Needs info", "name_de": "Rückfrage", "slug": "needs-info", "stage": "under_review"}
    response = admin_client.post(
        reverse("idea_statuses:add"),
        {**fields, "colour": "#7a4b00", "description": "", "description_de": "", "position": 9},
    )
    bad = admin_client.post(
        reverse("idea_statuses:add"),
        {"name": "Bad", "slug": "bad", "stage": "open", "colour": "red", "position": 1},
    )

    assert response.status_code == 302
    assert status("needs-info").name_de == "Rückfrage"
    assert bad.status_code == 200
    assert "Enter a colour like #0a58a8." in bad.content.decode()


def test_staff_merge_a_duplicate_from_the_admin(admin_client, staff):
    from ideas import services

    survivor, duplicate = IdeaFactory(title="Dark mode"), IdeaFactory(title="Night theme")
    both, only_duplicate = MemberFactory(), MemberFactory()
    for voter in (both, only_duplicate):
        services.cast_vote(voter, duplicate)
    services.cast_vote(both, survivor)

    listing = admin_client.get(reverse("ideas:index")).content.decode()
    form = admin_client.get(reverse("ideas:merge", args=[duplicate.pk]))
    response = admin_client.post(
        reverse("ideas:merge", args=[duplicate.pk]), {"into": survivor.pk, "message": "Same request."}
    )

    assert reverse("ideas:merge", args=[duplicate.pk]) in listing
    assert form.status_code == 200
    assert response.status_code == 302
    duplicate.refresh_from_db()
    survivor.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert survivor.vote_count == 2
    assert StatusChange.objects.get(idea=duplicate).message == "Same request."


def test_merging_an_idea_into_itself_is_refused_with_the_reason(admin_client):
    idea = IdeaFactory()

    response = admin_client.post(reverse("ideas:merge", args=[idea.pk]), {"into": idea.pk})

    assert response.status_code == 200
    assert "cannot be merged into itself" in response.content.decode()
    idea.refresh_from_db()
    assert idea.merged_into is None


def test_the_idea_chooser_finds_ideas_by_title_words_or_number(admin_client):
    wanted, other = IdeaFactory(title="Offline folders on Android"), IdeaFactory(title="Dark mode")

    by_words = admin_client.get(reverse("idea_chooser:choose_results") + "?q=android offline").content.decode()
    by_number = admin_client.get(reverse("idea_chooser:choose_results") + f"?q={other.pk}").content.decode()

    assert wanted.title in by_words and other.title not in by_words
    assert other.title in by_number


def test_staff_without_the_merge_permission_cannot_merge(client):
    from community.models import User

    editor = User.objects.create_user(email="editor@example.org", password="a-long-password-1", is_staff=True)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    idea, other = IdeaFactory(), IdeaFactory()

    response = client.post(reverse("ideas:merge", args=[idea.pk]), {"into": other.pk})

    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's way of saying "not allowed"
    idea.refresh_from_db()
    assert idea.merged_into is None
