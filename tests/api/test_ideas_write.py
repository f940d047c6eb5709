import pytest
from django.test import Client
from django.utils import translation

from community.follows import is_following
from ideas import services
from ideas.models import Comment, Idea, Vote
from tests.api.conftest import Api
from tests.factories import IdeaFactory, IdeaTagFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def test_a_member_posts_an_idea_and_follows_it(api, member):
    IdeaTagFactory(slug="mobile")

    response = api.post("/ideas/", {"title": "  Offline mode  ", "body": "Please *soon*", "tags": ["mobile"]})

    assert response.status_code == 201
    body = response.json()
    idea = Idea.objects.get(pk=body["id"])
    assert (idea.title, idea.author, body["status"]["slug"]) == ("Offline mode", member, "new")
    assert [tag["slug"] for tag in body["tags"]] == ["mobile"]
    assert body["viewer"]["following"] is True
    assert is_following(member, idea)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "no title"}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"title": "Fine", "body": "y" * 10_001}, "body"),
        ({"title": "Fine", "tags": ["no-such-tag"]}, "tags"),
        ({"title": "Fine", "product": "no-such-product"}, "product"),
        ({"title": "Nul \x00 byte"}, "title"),
        ({"title": 42}, "title"),
    ],
)
def test_bad_ideas_are_refused_field_by_field_and_nothing_is_saved(api, payload, field):
    response = api.post("/ideas/", payload)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["code"], problem["status"]) == ("invalid", 422)
    assert problem["errors"][field]
    assert Idea.objects.count() == 0


def test_a_body_that_is_not_json_is_a_clear_problem(api):
    response = api.client.post("/api/v1/ideas/", data="{not json", content_type="application/json")

    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_signed_out_callers_cannot_write(anonymous_api):
    idea = IdeaFactory()

    responses = [
        anonymous_api.post("/ideas/", {"title": "Anything"}),
        anonymous_api.post(f"/ideas/{idea.pk}/vote/"),
        anonymous_api.delete(f"/ideas/{idea.pk}/vote/"),
        anonymous_api.post(f"/ideas/{idea.pk}/comments/", {"body": "Hi"}),
        anonymous_api.post(f"/ideas/{idea.pk}/follow/"),
        anonymous_api.patch(f"/ideas/{idea.pk}/", {"title": "Mine now"}),
    ]

    assert [response.status_code for response in responses] == [401] * 6
    assert {response.json()["code"] for response in responses} == {"not_signed_in"}


def test_unverified_members_are_told_to_verify(client, board):
    client.force_login(MemberFactory(verified=False))

    response = Api(client).post("/ideas/", {"title": "Let me in"})

    assert response.status_code == 403
    assert response.json()["code"] == "not_verified"


def test_a_write_without_the_csrf_token_is_refused(board, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    idea = IdeaFactory()

    response = client.post(f"/api/v1/ideas/{idea.pk}/vote/", content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert idea.votes.count() == 0


def test_a_write_with_the_csrf_token_goes_through(board, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/ideas/")  # the page sets the CSRF cookie, as in a browser
    idea = IdeaFactory()

    response = client.post(
        f"/api/v1/ideas/{idea.pk}/vote/",
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )

    assert response.status_code == 200
    assert response.json() == {"voted": True, "vote_count": 1}


def test_voting_is_idempotent_and_unvoting_too(api, member):
    idea = IdeaFactory()

    first = api.post(f"/ideas/{idea.pk}/vote/", {"importance": 2})
    again = api.post(f"/ideas/{idea.pk}/vote/")
    withdrawn = api.delete(f"/ideas/{idea.pk}/vote/")
    withdrawn_again = api.delete(f"/ideas/{idea.pk}/vote/")

    assert first.json() == {"voted": True, "vote_count": 1}
    assert again.json() == {"voted": True, "vote_count": 1}
    assert withdrawn.json() == {"voted": False, "vote_count": 0}
    assert withdrawn_again.json() == {"voted": False, "vote_count": 0}
    assert Vote.objects.filter(idea=idea).count() == 0


def test_an_importance_out_of_range_is_named(api):
    idea = IdeaFactory()

    response = api.post(f"/ideas/{idea.pk}/vote/", {"importance": 7})

    assert response.status_code == 422
    assert "importance" in response.json()["errors"]
    assert idea.votes.count() == 0


@pytest.mark.parametrize(("slug", "code"), [("declined", "voting_closed"), ("shipped", "voting_closed")])
def test_voting_on_a_closed_idea_says_why(api, slug, code):
    idea = IdeaFactory(status=status(slug))

    response = api.post(f"/ideas/{idea.pk}/vote/")

    assert response.status_code == 409
    assert response.json()["code"] == code


def test_voting_on_a_merged_idea_names_the_survivor(api):
    survivor, duplicate = IdeaFactory(), IdeaFactory()
    services.merge_ideas(duplicate, survivor, by=StaffFactory())

    response = api.post(f"/ideas/{duplicate.pk}/vote/")

    assert response.status_code == 409
    assert response.json()["code"] == "merged"
    assert response.json()["into"] == survivor.pk


def test_voting_on_an_idea_that_is_not_there_is_a_404(api):
    assert api.post("/ideas/424242/vote/").status_code == 404


def test_comments_and_replies_are_posted(api, member):
    idea = IdeaFactory()

    first = api.post(f"/ideas/{idea.pk}/comments/", {"body": "Yes <b onclick=x>please</b>"})
    reply = api.post(f"/ideas/{idea.pk}/comments/", {"body": "Me too", "parent": first.json()["id"]})

    assert (first.status_code, reply.status_code) == (201, 201)
    assert "&lt;b onclick=x&gt;" in first.json()["body_html"]  # shown as text, never as a tag
    assert reply.json()["parent"] == first.json()["id"]
    assert Idea.objects.get(pk=idea.pk).comment_count == 2


@pytest.mark.parametrize(("payload", "field"), [({"body": ""}, "body"), ({"body": "z" * 5001}, "body"), ({}, "body")])
def test_bad_comments_are_refused(api, payload, field):
    idea = IdeaFactory()

    response = api.post(f"/ideas/{idea.pk}/comments/", payload)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Comment.objects.count() == 0


def test_a_reply_to_a_comment_on_another_idea_is_refused(api, member):
    elsewhere = services.add_comment(member, IdeaFactory(), "Elsewhere")
    idea = IdeaFactory()

    response = api.post(f"/ideas/{idea.pk}/comments/", {"body": "Hi", "parent": elsewhere.pk})

    assert response.status_code == 422
    assert "parent" in response.json()["errors"]


def test_members_cannot_answer_officially_but_staff_can(api, client, staff):
    idea = IdeaFactory()

    refused = api.post(f"/ideas/{idea.pk}/comments/", {"body": "Official!", "official": True})
    client.force_login(staff)
    answered = Api(client).post(f"/ideas/{idea.pk}/comments/", {"body": "We plan it.", "official": True})

    assert refused.status_code == 403
    assert answered.status_code == 201
    assert answered.json()["is_official"] is True


def test_follow_and_unfollow(api, member):
    idea = IdeaFactory()

    followed = api.post(f"/ideas/{idea.pk}/follow/")
    unfollowed = api.delete(f"/ideas/{idea.pk}/follow/")

    assert followed.json() == {"following": True, "follower_count": 1}
    assert unfollowed.json() == {"following": False, "follower_count": 0}
    assert not is_following(member, idea)


def test_authors_edit_their_own_idea(api, member):
    idea = services.submit_idea(member, title="Old title", body="Old body")

    response = api.patch(f"/ideas/{idea.pk}/", {"title": "New title"})

    assert response.status_code == 200
    idea.refresh_from_db()
    assert (idea.title, idea.body) == ("New title", "Old body")


def test_a_member_cannot_edit_another_members_idea(api):
    idea = IdeaFactory(title="Not yours")

    response = api.patch(f"/ideas/{idea.pk}/", {"title": "Mine now"})

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    idea.refresh_from_db()
    assert idea.title == "Not yours"


def test_writing_too_fast_is_a_429_problem(api, settings):
    settings.WRITE_RATE_LIMIT = "3/m"
    idea = IdeaFactory()

    codes = [api.post(f"/ideas/{idea.pk}/follow/").status_code for _ in range(4)]
    response = api.delete(f"/ideas/{idea.pk}/vote/")

    assert codes == [200, 200, 200, 429]
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert response["Retry-After"] == "60"


def test_errors_speak_the_callers_language(client, board, member):
    client.force_login(member)

    response = client.post(
        "/api/v1/ideas/", data={"body": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.status_code == 422
    with translation.override("de"):
        assert response.json()["errors"]["title"] == [translation.gettext("This field is required.")]
    assert response.json()["title"] == "Bitte korrigiere die Fehler unten."
