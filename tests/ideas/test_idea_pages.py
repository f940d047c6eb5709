import pytest
from django.utils import timezone

from ideas import services
from ideas.models import Idea
from tests.factories import IdeaFactory, IdeaTagFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def url(idea, action=""):
    return f"/ideas/{idea.pk}/{action}/" if action else f"/ideas/{idea.pk}-{idea.slug}/"


def test_an_idea_page_shows_its_story(client, board, staff):
    idea = IdeaFactory(title="Dark mode", body="Please, **at night**.")
    services.add_comment(MemberFactory(display_name="Rita"), idea, "Yes!")
    services.add_comment(staff, idea, "On our list.", official=True)
    services.change_status(idea, status("planned"), staff, "Planned for **May**.")

    response = client.get(url(idea))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>at night</strong>" in body
    assert "Rita" in body and "Official answer" in body
    assert "Planned for <strong>May</strong>." in body


def test_old_and_merged_addresses_redirect_to_the_right_idea(client, board, staff):
    idea, duplicate = IdeaFactory(title="Dark mode"), IdeaFactory()
    services.merge_ideas(duplicate, idea, staff)

    assert client.get(f"/ideas/{idea.pk}/").url == url(idea)
    assert client.get(f"/ideas/{idea.pk}-wrong-slug/").url == url(idea)
    merged = client.get(url(duplicate))
    assert (merged.status_code, merged.url) == (301, f"{url(idea)}#merged-{duplicate.pk}")
    assert client.get("/ideas/999999/").status_code == 404


def test_the_survivor_shows_what_was_merged_into_it_and_why(client, board, staff):
    idea = IdeaFactory(title="Dark mode")
    duplicate = IdeaFactory(title="Night theme", body="My eyes hurt **at night**.")
    hidden = IdeaFactory(title="Spam about themes", moderation_state="rejected")
    services.merge_ideas(duplicate, idea, staff, "Same wish as *Dark mode*.")
    services.merge_ideas(hidden, idea, staff)

    body = client.get(url(idea)).content.decode()

    assert f'id="merged-{duplicate.pk}"' in body
    assert "Night theme" in body and "My eyes hurt <strong>at night</strong>." in body
    assert "Same wish as <em>Dark mode</em>." in body
    assert "Spam about themes" not in body


def test_a_member_submits_an_idea(client, board, member):
    IdeaTagFactory(slug="offline", name="Offline")
    client.force_login(member)

    response = client.post("/ideas/new/", {"title": "Offline mode", "body": "For trains.", "tags": ["offline"]})

    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response.url == url(idea)
    assert (idea.author, idea.title, [t.slug for t in idea.tags.all()]) == (member, "Offline mode", ["offline"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 141}, "Ensure this value has at most 140 characters"),
        ({"title": "Fine", "tags": ["ghost"]}, "Select a valid choice."),
    ],
)
def test_bad_ideas_get_form_errors_and_nothing_is_saved(client, board, member, data, message):
    client.force_login(member)

    response = client.post("/ideas/new/", data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Idea.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in_and_back(client, board):
    idea = IdeaFactory()

    new = client.get("/ideas/new/")
    vote = client.post(url(idea, "vote"), {"action": "vote"})

    assert new.url == "/accounts/login/?next=/ideas/new/"
    assert vote.status_code == 302
    assert vote.url == f"/accounts/login/?next={url(idea)}"
    assert idea.votes.count() == 0


def test_unverified_members_are_told_to_verify(client, board):
    member = MemberFactory(verified=False)
    client.force_login(member)

    page = client.get("/ideas/new/")
    response = client.post("/ideas/new/", {"title": "Hello"})

    assert "verify your email address" in page.content.decode()
    assert response.status_code == 422
    assert "verify your email address" in response.content.decode()
    assert not Idea.objects.exists()


def test_voting_works_without_javascript_and_with_htmx(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    plain = client.post(url(idea, "vote"), {"action": "vote", "next": "/ideas/"})
    fragment = client.post(url(idea, "vote"), {"action": "withdraw"}, HTTP_HX_REQUEST="true")

    assert (plain.status_code, plain.url) == (302, "/ideas/")
    assert fragment.status_code == 200
    assert f'id="vote-{idea.pk}"' in fragment.content.decode()
    assert 'aria-pressed="false"' in fragment.content.decode()
    idea.refresh_from_db()
    assert idea.vote_count == 0


def test_an_htmx_vote_on_the_idea_page_brings_the_importance_picker_with_it(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    response = client.post(url(idea, "vote"), {"action": "vote", "picker": "1"}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()

    assert f'id="vote-{idea.pk}"' in fragment
    assert f'id="importance-{idea.pk}" hx-swap-oob="true"' in fragment
    assert "How important is this to you?" in fragment
    assert fragment.count('name="importance"') == 3


def test_one_press_saves_the_importance_and_says_so(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)
    client.post(url(idea, "vote"), {"action": "vote"})

    fragment = client.post(
        url(idea, "vote"), {"action": "vote", "picker": "1", "importance": "3"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    plain = client.post(url(idea, "vote"), {"action": "vote", "importance": "2"}, follow=True).content.decode()

    assert "Saved: “Critical” to you." in fragment
    assert "Saved: “Important” to you." in plain
    assert '<button type="submit" name="importance" value="2" class="chip" aria-pressed="true">' in plain
    assert idea.votes.get().importance == 2
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_the_board_vote_needs_no_picker(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    fragment = client.post(url(idea, "vote"), {"action": "vote"}, HTTP_HX_REQUEST="true").content.decode()

    assert "hx-swap-oob" not in fragment


def test_voting_on_a_declined_idea_says_why(client, board, member):
    idea = IdeaFactory(status=status("declined"))
    client.force_login(member)

    response = client.post(url(idea, "vote"), {"action": "vote"}, HTTP_HX_REQUEST="true")

    assert "Voting on this idea is closed." in response.content.decode()
    assert idea.votes.count() == 0


def test_an_offsite_next_is_ignored(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    response = client.post(url(idea, "vote"), {"action": "vote", "next": "https://evil.example/"})

    assert response.url == url(idea)


def test_writes_are_rate_limited_per_member(client, board, member, settings):
    settings.WRITE_RATE_LIMIT = "3/m"
    idea = IdeaFactory()
    client.force_login(member)

    statuses = [client.post(url(idea, "follow"), {"action": "follow"}).status_code for _ in range(5)]

    assert statuses == [302, 302, 302, 429, 429]
    assert "Slow down a little" in client.post(url(idea, "follow")).content.decode()


def test_only_the_author_edits_and_only_while_allowed(client, board, member):
    idea = IdeaFactory(author=member, title="Typo in titel")
    other = MemberFactory()

    client.force_login(other)
    assert client.get(url(idea, "edit")).status_code == 403
    assert client.post(url(idea, "edit"), {"title": "Hijacked"}).status_code == 403

    client.force_login(member)
    response = client.post(url(idea, "edit"), {"title": "Typo in title"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Typo in title"

    services.cast_vote(other, idea)
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - Idea.EDIT_WINDOW * 2)
    assert client.get(url(idea, "edit")).status_code == 403


def test_comments_post_and_bad_comments_get_errors(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    empty = client.post(url(idea, "comment"), {"body": "   "})
    posted = client.post(url(idea, "comment"), {"body": "Great idea"})

    assert empty.status_code == 422
    assert "This field is required." in empty.content.decode()
    assert posted.status_code == 302
    assert idea.comments.get().body == "Great idea"


def test_members_cannot_post_official_answers_by_forging_the_form(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    response = client.post(url(idea, "comment"), {"body": "Official!", "official": "on"})

    assert response.status_code == 422
    assert not idea.comments.exists()


def test_following_from_the_page(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    client.post(url(idea, "follow"), {"action": "follow"})
    idea.refresh_from_db()
    assert idea.follower_count == 1
    client.post(url(idea, "follow"), {"action": "unfollow"})
    idea.refresh_from_db()
    assert idea.follower_count == 0


def test_the_detail_page_needs_the_same_queries_however_many_comments(
    client, board, member, django_assert_max_num_queries
):
    idea = IdeaFactory()
    client.force_login(member)
    client.get(url(idea))
    for number in range(10):
        top = services.add_comment(MemberFactory(), idea, f"Comment {number}")
        services.add_comment(MemberFactory(), idea, "Reply", parent=top)
    services.change_status(idea, status("planned"), StaffFactory(), "Planned")

    with django_assert_max_num_queries(25):
        response = client.get(url(idea))

    assert "Comment 9" in response.content.decode()
