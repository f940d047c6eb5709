import pytest

from ideas import services
from ideas.models import Vote
from search import interface
from tests.factories import IdeaFactory, IdeaTagFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [idea.title for idea in response.context["ideas"]]


def test_the_board_lists_live_ideas_top_first(client, board):
    low, high = IdeaFactory(title="Low"), IdeaFactory(title="High")
    for member in MemberFactory.create_batch(2):
        services.cast_vote(member, high)
    merged = IdeaFactory(title="Merged away")
    services.merge_ideas(merged, low, StaffFactory())

    response = client.get("/ideas/")

    assert response.status_code == 200
    assert titles(response) == ["High", "Low"]
    assert "Merged away" not in response.content.decode()


def test_it_sorts_and_filters(client, board, member):
    old = IdeaFactory(title="Old planned", status=status("planned"))
    new = IdeaFactory(title="New one")
    tag = IdeaTagFactory(slug="offline")
    new.tags.add(tag)
    services.cast_vote(member, old)

    assert titles(client.get("/ideas/?sort=new")) == ["New one", "Old planned"]
    assert titles(client.get("/ideas/?status=planned")) == ["Old planned"]
    assert titles(client.get("/ideas/?tag=offline")) == ["New one"]
    interface.rebuild(["idea"])  # the search box asks the search index
    assert titles(client.get("/ideas/?q=planned")) == ["Old planned"]
    client.force_login(member)
    assert titles(client.get("/ideas/?mine=voted")) == ["Old planned"]
    assert titles(client.get("/ideas/?mine=following")) == ["Old planned"]


def test_nonsense_parameters_show_the_whole_board_not_an_error(client, board):
    IdeaFactory(title="Still here")

    response = client.get("/ideas/?sort=drop+table&mine=everything&page=9999&status=%00&q=a%00b&tag=%01")

    assert response.status_code == 200


def test_the_board_paginates(client, board):
    IdeaFactory.create_batch(7)

    first, second = client.get("/ideas/"), client.get("/ideas/?page=2")

    assert len(titles(first)) == 5 and len(titles(second)) == 2
    assert 'rel="next"' in first.content.decode()


def test_the_board_needs_the_same_queries_however_many_ideas(client, board, member, django_assert_max_num_queries):
    client.force_login(member)
    IdeaFactory.create_batch(2)
    client.get("/ideas/")
    ideas = IdeaFactory.create_batch(30)
    for idea in ideas[:10]:
        services.cast_vote(member, idea)
        idea.tags.add(IdeaTagFactory())

    with django_assert_max_num_queries(25):  # 24 + the unread-notifications badge
        response = client.get("/ideas/?sort=top")

    assert len(titles(response)) == 5
    assert 'aria-pressed="true"' in response.content.decode()


def test_similar_ideas_are_suggested_while_typing_a_title(client, board):
    IdeaFactory(title="Offline folders on Android")
    IdeaFactory(title="Dark mode")
    interface.rebuild(["idea"])

    response = client.get("/ideas/similar/?title=folders+offline+please", HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Offline folders on Android" in body
    assert "Dark mode" not in body
    assert "<html" not in body  # a fragment


def test_user_text_is_rendered_inert(client, board):
    idea = IdeaFactory(title="<script>alert(1)</script>", body="<img src=x onerror=alert(1)> [x](javascript:alert(1))")

    board_body = client.get("/ideas/").content.decode()
    detail_body = client.get(f"/ideas/{idea.pk}-script-alert-1-script/", follow=True).content.decode()

    for body in (board_body, detail_body):
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img" not in detail_body
    assert 'href="javascript:' not in detail_body


def test_importance_breakdown_is_for_product_managers_only(client, board, member, staff):
    idea = IdeaFactory()
    services.cast_vote(member, idea, Vote.Importance.CRITICAL)
    url = f"/ideas/{idea.pk}-{idea.slug}/"

    assert "How important it is to voters" not in client.get(url).content.decode()
    client.force_login(staff)
    assert "How important it is to voters" in client.get(url).content.decode()


def test_similar_ideas_ignore_control_characters(client, board):
    IdeaFactory(title="Offline folders")

    response = client.get("/ideas/similar/?title=offline%00folders")

    assert response.status_code == 200


def test_each_card_shows_the_opening_line_of_the_idea_as_plain_text(client, board):
    IdeaFactory(title="Offline folders", body="Mark a **folder** as <script>x()</script> offline.\n\nSecond paragraph.")
    IdeaFactory(title="Long one", body="word " * 80)
    IdeaFactory(title="Title only", body="")

    body = client.get("/ideas/").content.decode()

    assert '<p class="idea-card__excerpt">Mark a folder as &lt;script&gt;x()&lt;/script&gt; offline.</p>' in body
    assert "Second paragraph" not in body and "<script>x()" not in body
    long_excerpt = body.split('<p class="idea-card__excerpt">word')[1].split("</p>")[0]
    assert len("word" + long_excerpt) <= 160 and long_excerpt.endswith("…")
    assert body.count('class="idea-card__excerpt"') == 2  # none for a title without text
