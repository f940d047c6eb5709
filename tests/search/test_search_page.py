"""/search/: the page members use, on the engine of this run's database."""

import pytest

from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_engine(settings):
    settings.SEARCH_URL = ""


def test_it_shows_hits_with_tabs_facets_and_highlights(client, catalogue):
    response = client.get("/search/", {"q": "export"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Export activity reports as CSV" in html
    assert "Reliable sync at last" in html
    assert "<mark>" in html
    assert 'aria-current="page"' in html  # the "Everything" tab
    assert "?q=export&amp;kind=idea" in html
    assert "product=sync" in html
    assert "Export secret held idea" not in html


def test_a_tab_and_a_facet_narrow_the_hits(client, catalogue):
    response = client.get("/search/", {"q": "export", "kind": "review", "product": "sync"})

    assert [hit.kind for hit in response.context["results"].hits] == ["review"]
    assert "Export activity reports as CSV" not in response.content.decode()


def test_nothing_found_invites_to_post_an_idea(client, catalogue):
    response = client.get("/search/", {"q": "teleportation"})

    html = response.content.decode()
    assert "Nothing matches “teleportation”." in html
    assert "/ideas/new/?title=teleportation" in html


def test_the_invitation_fills_in_the_idea_title(client, catalogue, member):
    client.force_login(member)

    response = client.get("/ideas/new/", {"title": "Teleportation"})

    assert response.context["form"]["title"].value() == "Teleportation"


def test_a_corrected_search_says_so_and_offers_the_words_as_typed(client, catalogue, engine):
    response = client.get("/search/", {"q": "exprot activity"})

    html = response.content.decode()
    assert "Export activity reports as CSV" in html
    if engine == "database":
        assert "Showing results for “export activity”." in html
        assert "exact=1" in html
        exact = client.get("/search/", {"q": "exprot activity", "exact": "1"})
        assert exact.context["results"].corrected_from == ""


BAD_INPUT = [
    ({"q": "x" * 10_000}, "Search for at most 200 characters."),
    ({"q": "export", "page": "0"}, "Export activity reports as CSV"),
    ({"q": "export", "page": "10000"}, "Export activity reports as CSV"),
    ({"q": "export", "page": "abc"}, "Export activity reports as CSV"),
    ({"q": "export", "kind": "nonsense"}, "Export activity reports as CSV"),
    ({"q": "export", "sort": "sideways"}, "Export activity reports as CSV"),
    ({"q": "export", "product": "no-such-product"}, "Nothing matches"),
    ({"q": 'title:(a OR "'}, "results for"),
    ({"q": "'; DROP TABLE search_entry; --"}, "results for"),
    ({"q": "?!."}, "Nothing matches"),
    ({"q": ""}, "Type a few words"),
]


def test_bad_input_gets_a_page_with_a_message(client, catalogue):
    for params, expected in BAD_INPUT:
        response = client.get("/search/", params)

        assert response.status_code == 200, params
        assert expected in response.content.decode(), params


def test_the_page_past_the_end_shows_the_last_page(client, database_engine, board):
    from search import interface

    for number in range(25):
        IdeaFactory(title=f"Calendar idea {number}")
    interface.rebuild(["idea"])

    response = client.get("/search/", {"q": "calendar", "page": "9"})

    assert response.context["results"].query.page == 2
    assert len(response.context["results"].hits) == 5


def test_its_queries_do_not_grow_with_the_hits(client, database_engine, board, product, django_assert_max_num_queries):
    from search import interface

    for number in range(3):
        IdeaFactory(title=f"Calendar idea {number}", product=product)
    interface.rebuild()
    with django_assert_max_num_queries(20) as few:
        client.get("/search/", {"q": "calendar"})
    for number in range(3, 30):
        IdeaFactory(title=f"Calendar idea {number}", product=product)
    interface.rebuild()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/search/", {"q": "calendar"})
    assert len(response.context["results"].hits) == 20


def test_suggestions_complete_what_is_typed(client, catalogue):
    response = client.get("/search/suggestions/", {"q": "dark"})

    assert "Dark mode for the mobile app" in response.content.decode()
    assert client.get("/search/suggestions/", {"q": "d"}).content.decode().strip() == ""


def test_every_page_has_a_search_box_in_the_header(client, catalogue):
    html = client.get("/ideas/").content.decode()

    assert 'action="/search/"' in html and 'role="search"' in html


def test_the_board_search_box_uses_the_search_engine(client, catalogue):
    response = client.get("/ideas/", {"q": "exports"})  # the stem, not the letters

    titles = [idea.title for idea in response.context["ideas"]]
    assert "Export activity reports as CSV" in titles
    assert "Export secret held idea" not in titles and "Dark mode for the mobile app" not in titles


def test_the_similar_ideas_list_comes_from_the_search_engine(client, catalogue):
    response = client.get("/ideas/similar/", {"title": "Export the activity report to CSV"})

    assert "Export activity reports as CSV" in response.content.decode()
    assert "Export secret held idea" not in response.content.decode()


def test_a_review_hit_leads_to_that_review_even_beyond_the_first_page(client, database_engine, product):
    from tests.factories import ReviewFactory

    wanted = ReviewFactory(product=product, title="The one we look for", helpful_count=0)
    for _ in range(12):
        ReviewFactory(product=product, helpful_count=5)

    response = client.get(f"/products/sync/?review={wanted.pk}")

    assert response.context["linked_review"] == wanted
    assert "The review you followed" in response.content.decode()
    assert client.get("/products/sync/?review=999999").context["linked_review"] is None
    assert client.get("/products/sync/?review=x").context["linked_review"] is None


def test_the_similar_ideas_list_weighs_the_chosen_product_and_survives_nonsense(client, catalogue):
    response = client.get(
        "/ideas/similar/", {"title": "Dark mode please", "body": "at night", "product": str(catalogue.mobile.pk)}
    )
    assert response.context["similar"][0] == catalogue.dark_mode

    for product in ("99999999999999999999", "x", "-1"):
        assert client.get("/ideas/similar/", {"title": "Dark mode", "product": product}).status_code == 200
