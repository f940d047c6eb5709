"""The ideas list and one idea are answered from rows (ideas/rows.py): field for field
what the schemas give for the same ideas, for every kind of reader and idea."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from django.utils import translation
from ninja.responses import NinjaJSONEncoder

from community.members.groups import PRODUCT_MANAGERS
from ideas import rows, services
from ideas.api import _detail
from ideas.models import IdeaTag, Status, Vote
from ideas.queries import BoardFilters
from ideas.queries import board as board_ideas
from ideas.schemas import IdeaDetailOut, PagedIdeaOut
from tests.factories import IdeaFactory, IdeaTagFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def schema_json(schema, value, request) -> str:
    """What django-ninja sends when the schema validates `value` (the path these rows replace)."""
    dumped = schema.model_validate(value, context={"request": request}).model_dump()
    return json.dumps(dumped, cls=NinjaJSONEncoder, sort_keys=True)


def rows_json(value) -> str:
    return json.dumps(json.loads(rows.json_response(value).content), sort_keys=True)


@pytest.fixture
def ideas(board, product, member):
    """Ideas of every kind: with topics and a product, merged, tracked, voted and followed, in a renamed status."""
    mobile, export = IdeaTagFactory(slug="mobile", name="Mobile"), IdeaTagFactory(slug="export", name="Export")
    planned = status("planned")
    Status.objects.filter(pk=planned.pk).update(name_de="Geplant", description="Coming", description_de="Kommt")
    rich = IdeaFactory(title="Offline *mode*", body="Works **offline**", product=product, status=planned)
    rich.tags.set([mobile, export])
    tracked = IdeaFactory(title="Tracked", external_url="https://tracker.example/1")
    services.cast_vote(member, rich, importance=Vote.Importance.CRITICAL)
    services.follow_idea(member, tracked)
    duplicate = IdeaFactory(title="Duplicate")
    services.merge_ideas(duplicate, rich, by=StaffFactory(is_superuser=True))
    services.change_status(tracked, status("planned"), StaffFactory(is_superuser=True), message="On **the** plan")
    return [rich, tracked, duplicate]


def request_for(user):
    request = RequestFactory().get("/api/v1/ideas/")
    request.user = user
    return request


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_a_page_of_the_list_is_what_the_schema_gives(ideas, member, language, reader):
    request = request_for(member if reader == "member" else AnonymousUser())
    with translation.override(language):
        listed = board_ideas(BoardFilters(), request.user)
        expected = schema_json(PagedIdeaOut, {"items": list(listed), "count": listed.count()}, request)
        got = rows_json({"items": rows.idea_page(listed, request, 0, 20), "count": listed.count()})
    assert got == expected
    assert '"Geplant"' in got if language == "de" else '"Planned"' in got


@pytest.mark.parametrize("reader", ["anonymous", "member", "product manager"])
def test_one_idea_is_what_the_schema_gives(ideas, member, reader):
    user = {"anonymous": AnonymousUser(), "member": member}.get(reader)
    if user is None:
        user = StaffFactory()
        user.groups.add(Group.objects.get(name=PRODUCT_MANAGERS))
    request = request_for(user)
    for idea in ideas:
        expected = schema_json(IdeaDetailOut, _detail(request, idea.pk), request)
        assert rows_json(rows.idea_detail(idea.pk, request)) == expected
    detail = rows.idea_detail(ideas[1].pk, request)
    assert detail["history"][-1]["message_html"] == "<p>On <strong>the</strong> plan</p>\n"
    assert (detail["importance"] is not None) == (reader == "product manager")


def test_a_held_idea_is_shown_to_its_author_only(board):
    author = MemberFactory()
    held = IdeaFactory(author=author, moderation_state="pending")

    assert rows.idea_detail(held.pk, request_for(author))["id"] == held.pk
    assert rows.idea_detail(held.pk, request_for(MemberFactory())) is None
    assert rows.idea_detail(held.pk, request_for(AnonymousUser())) is None
    assert rows.idea_detail(held.pk + 1000, request_for(author)) is None


def test_an_idea_without_a_board_has_no_address(member):
    idea = IdeaFactory()
    request = request_for(member)

    assert rows.idea_detail(idea.pk, request)["url"] is None
    assert rows_json(rows.idea_detail(idea.pk, request)) == schema_json(
        IdeaDetailOut, _detail(request, idea.pk), request
    )


def test_the_list_reads_two_queries_however_many_ideas_and_topics(board, member, django_assert_num_queries):
    tags = [IdeaTag.objects.create(slug=f"t{n}", name=f"T{n}") for n in range(3)]
    for idea in IdeaFactory.create_batch(12):
        idea.tags.set(tags)
    listed = board_ideas(BoardFilters(), member)
    rows.idea_page(listed, request_for(member), 0, 20)  # the board's address is cached from here on
    with django_assert_num_queries(2):
        page = rows.idea_page(listed, request_for(member), 0, 20)
    assert len(page) == 12
    assert all([tag["slug"] for tag in item["tags"]] == ["t0", "t1", "t2"] for item in page)
