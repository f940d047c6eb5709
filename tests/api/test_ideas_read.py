import pytest

from ideas import services
from ideas.models import Vote
from search import interface
from tests.factories import IdeaFactory, IdeaTagFactory, MemberFactory, status

pytestmark = pytest.mark.django_db


def test_it_lists_live_ideas_by_votes_with_their_counters(anonymous_api):
    quiet, popular = IdeaFactory(title="Quiet"), IdeaFactory(title="Popular")
    for voter in MemberFactory.create_batch(2):
        services.cast_vote(voter, popular)
    duplicate = IdeaFactory(title="Duplicate")
    services.merge_ideas(duplicate, popular, by=_staff())

    response = anonymous_api.get("/ideas/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["title"] for item in body["items"]] == ["Popular", "Quiet"]
    first = body["items"][0]
    assert first["vote_count"] == 2
    assert first["url"] == f"/ideas/{popular.pk}-popular/"
    assert first["status"]["slug"] == "new"
    assert first["viewer"] is None
    assert "email" not in first["author"]
    assert quiet.pk in [item["id"] for item in body["items"]]


def test_it_filters_by_status_tag_and_words(anonymous_api):
    tag = IdeaTagFactory(slug="mobile")
    tagged = IdeaFactory(title="Offline mode for the phone app")
    tagged.tags.add(tag)
    IdeaFactory(title="Dark mode", status=status("planned"))

    assert [i["id"] for i in anonymous_api.get("/ideas/", tag="mobile").json()["items"]] == [tagged.pk]
    assert [i["title"] for i in anonymous_api.get("/ideas/", status="planned").json()["items"]] == ["Dark mode"]
    interface.rebuild(["idea"])  # the words are looked up in the search index
    assert [i["id"] for i in anonymous_api.get("/ideas/", q="offline phone").json()["items"]] == [tagged.pk]
    assert anonymous_api.get("/ideas/", tag="no-such-tag").json()["count"] == 0


def test_it_pages_through_ideas(anonymous_api):
    IdeaFactory.create_batch(5)

    body = anonymous_api.get("/ideas/", page=2, page_size=2, sort="new").json()

    assert body["count"] == 5
    assert len(body["items"]) == 2


def test_a_signed_in_caller_sees_what_they_did(api, member):
    voted, other = IdeaFactory(), IdeaFactory()
    services.cast_vote(member, voted, importance=Vote.Importance.CRITICAL)

    items = {item["id"]: item for item in api.get("/ideas/").json()["items"]}
    mine = api.get("/ideas/", mine="voted").json()["items"]

    assert items[voted.pk]["viewer"] == {"voted": True, "importance": 3, "following": True}
    assert items[other.pk]["viewer"] == {"voted": False, "importance": None, "following": False}
    assert [item["id"] for item in mine] == [voted.pk]


def test_asking_for_my_ideas_signed_out_needs_a_sign_in(anonymous_api):
    response = anonymous_api.get("/ideas/", mine="posted")

    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"sort": "loudest"}, "sort"), ({"page": 0}, "page"), ({"page": "two"}, "page"), ({"mine": "x"}, "mine")],
)
def test_bad_list_parameters_are_named(anonymous_api, params, field):
    response = anonymous_api.get("/ideas/", **params)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


def test_the_list_runs_the_same_queries_for_3_or_30_ideas(api, member, django_assert_max_num_queries):
    tag = IdeaTagFactory()
    for idea in IdeaFactory.create_batch(30):
        idea.tags.add(tag)
        services.cast_vote(member, idea)

    with django_assert_max_num_queries(8):
        response = api.get("/ideas/", page_size=30)

    assert len(response.json()["items"]) == 30


def test_one_idea_shows_its_history_and_sanitised_body(anonymous_api):
    idea = IdeaFactory(body="**Yes** <script>alert(1)</script>")
    services.change_status(idea, status("planned"), _staff(), "We are *on it*.")

    response = anonymous_api.get(f"/ideas/{idea.pk}/")

    body = response.json()
    assert response.status_code == 200
    assert "<strong>Yes</strong>" in body["body_html"]
    assert "<script" not in body["body_html"]
    assert [change["to_status"]["slug"] for change in body["history"]] == ["planned"]
    assert "<em>on it</em>" in body["history"][0]["message_html"]
    assert body["importance"] is None


def test_product_managers_see_how_much_the_votes_matter(staff_api):
    idea = IdeaFactory()
    services.cast_vote(MemberFactory(), idea, importance=Vote.Importance.CRITICAL)
    services.cast_vote(MemberFactory(), idea)

    body = staff_api.get(f"/ideas/{idea.pk}/").json()

    assert body["importance"] == {"not_said": 1, "nice_to_have": 0, "important": 0, "critical": 1}


def test_status_names_follow_the_request_language(anonymous_api, client):
    idea = IdeaFactory()

    body = client.get(f"/api/v1/ideas/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="de").json()

    assert body["status"]["name"] == status("new").name_de


def test_a_merged_idea_points_to_its_survivor(anonymous_api):
    survivor, duplicate = IdeaFactory(), IdeaFactory()
    services.merge_ideas(duplicate, survivor, by=_staff())

    assert anonymous_api.get(f"/ideas/{duplicate.pk}/").json()["merged_into"] == survivor.pk


def test_an_unknown_idea_is_a_404_problem(anonymous_api):
    response = anonymous_api.get("/ideas/999999/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_comments_are_listed_oldest_first_with_replies_pointing_to_their_parent(anonymous_api, member):
    idea = IdeaFactory()
    first = services.add_comment(member, idea, "First")
    services.add_comment(member, idea, "Reply", parent=first)

    items = anonymous_api.get(f"/ideas/{idea.pk}/comments/").json()["items"]

    assert [(item["body"], item["parent"]) for item in items] == [("First", None), ("Reply", first.pk)]


def test_statuses_and_tags_are_listed_for_clients(anonymous_api):
    IdeaTagFactory(slug="mobile", name="Mobile")

    statuses = [item["slug"] for item in anonymous_api.get("/statuses/").json()]
    tags = anonymous_api.get("/tags/").json()

    assert {"new", "planned", "shipped", "declined"} <= set(statuses)
    assert "merged" not in statuses
    assert {"slug": "mobile", "name": "Mobile"} in tags


def test_the_openapi_schema_and_docs_are_served(anonymous_api, client):
    schema = client.get("/api/v1/openapi.json").json()
    docs = client.get("/api/v1/docs")

    assert "/api/v1/ideas/{idea_id}/vote/" in schema["paths"]
    assert {"post", "delete"} <= set(schema["paths"]["/api/v1/ideas/{idea_id}/vote/"])
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content
    assert b"cdn.jsdelivr" not in docs.content


def _staff():
    from tests.factories import StaffFactory

    return StaffFactory()


def test_one_idea_runs_the_same_queries_whatever_its_history(staff_api, staff, django_assert_max_num_queries):
    idea = IdeaFactory()
    for slug in ["under-review", "planned", "in-progress"]:
        services.change_status(idea, status(slug), staff, "Moving on.")
    for voter in MemberFactory.create_batch(5):
        services.cast_vote(voter, idea, importance=Vote.Importance.IMPORTANT)

    with django_assert_max_num_queries(10):
        response = staff_api.get(f"/ideas/{idea.pk}/")

    assert len(response.json()["history"]) == 3
