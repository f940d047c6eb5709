"""Anonymous readers share pages for a few seconds; members and changes are never stale."""

import re

import pytest
from django.test import Client

from community.moderation import services as moderation
from ideas import services
from reviews import services as review_services
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.ANONYMOUS_CACHE_SECONDS = 5


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_a_second_anonymous_reader_gets_the_board_without_a_query(client, board, django_assert_num_queries):
    IdeaFactory(title="Dark mode")
    first = client.get("/ideas/")

    with django_assert_num_queries(0):
        second = Client().get("/ideas/")

    assert second.status_code == 200
    assert "Dark mode" in second.content.decode()
    assert first.content.decode().count("Dark mode") == second.content.decode().count("Dark mode")


def test_every_reader_gets_a_fresh_nonce_that_matches_the_policy(client, board):
    IdeaFactory()
    first, second = client.get("/ideas/"), Client().get("/ideas/")

    assert nonce_of(first) != nonce_of(second)
    for response in (first, second):
        assert f'nonce="{nonce_of(response)}"' in response.content.decode()
    assert "__tandem" not in second.content.decode()


def test_the_language_form_of_a_shared_page_works_for_its_reader(client, board):
    client.get("/ideas/")
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/ideas/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)

    switched = reader.post("/i18n/setlang/", {"language": "de", "next": "/ideas/", "csrfmiddlewaretoken": token})

    assert switched.status_code == 302
    assert Client().get("/ideas/", HTTP_ACCEPT_LANGUAGE="de").headers["Content-Language"] == "de"


def test_a_member_always_sees_their_own_vote_while_readers_may_wait_a_few_seconds(client, board):
    idea = IdeaFactory(title="Offline mode")
    reader = Client()
    reader.get("/ideas/")
    voter = MemberFactory()
    services.cast_vote(voter, idea)

    client.force_login(voter)
    mine = client.get("/ideas/")
    shared = reader.get("/ideas/")

    assert [each.has_voted for each in mine.context["ideas"]] == [True]
    assert shared.context is None  # served from the cache: the count may be a few seconds old


def test_moderation_status_changes_and_new_ideas_reach_readers_at_once(
    client, board, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(title="Export to CSV")
    client.get("/ideas/")
    staff = StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff, message="On the roadmap.")
    assert "Planned" in Client().get("/ideas/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(idea, "rejected", staff, reason="Spam")
    assert "Export to CSV" not in Client().get("/ideas/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_idea(MemberFactory(), title="Calendar sync", body="Please.")
    assert "Calendar sync" in Client().get("/ideas/").content.decode()


def test_a_new_review_reaches_the_product_page_at_once(client, product, django_capture_on_commit_callbacks):
    client.get(product.url)

    with django_capture_on_commit_callbacks(execute=True):
        review_services.submit_review(MemberFactory(), product, rating=5, title="Just works", body="")

    assert "Just works" in Client().get(product.url).content.decode()


def test_the_read_api_is_shared_but_not_with_members(client, board):
    idea = IdeaFactory(title="Shared links")
    client.get("/api/v1/ideas/")
    voter = MemberFactory()
    services.cast_vote(voter, idea)
    member = Client()
    member.force_login(voter)

    assert client.get("/api/v1/ideas/").json()["items"][0]["vote_count"] == 0  # a few seconds behind
    assert member.get("/api/v1/ideas/").json()["items"][0]["viewer"]["voted"] is True


@pytest.mark.parametrize(
    "headers", [{"HTTP_HX_REQUEST": "true"}, {"HTTP_COOKIE": "messages=abc"}, {"HTTP_COOKIE": "sessionid=abc"}]
)
def test_partial_pages_messages_and_sessions_are_never_shared(board, headers, django_assert_max_num_queries):
    IdeaFactory()
    Client().get("/ideas/")

    with django_assert_max_num_queries(30) as captured:
        Client().get("/ideas/", **headers)

    assert len(captured) > 0


def test_nothing_is_shared_when_switched_off(client, board, settings, django_assert_max_num_queries):
    settings.ANONYMOUS_CACHE_SECONDS = 0
    client.get("/ideas/")

    with django_assert_max_num_queries(30) as captured:
        client.get("/ideas/")

    assert len(captured) > 0
