"""/api/v1/search/: the same search as JSON; bad input is a problem document."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_hits_counts_and_facets(client, catalogue):
    response = client.get("/api/v1/search/", {"q": "export", "kind": "idea"})

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == len(body["hits"]) >= 1
    assert body["kinds"]["review"] == 1
    hit = next(hit for hit in body["hits"] if hit["title"] == "Export activity reports as CSV")
    assert hit["kind"] == "idea" and hit["id"] == catalogue.export.pk
    assert hit["url"].startswith("/ideas/")
    assert "<mark>" in hit["snippet_html"] or hit["snippet_html"]
    assert {"value": "sync", "label": "Sync", "count": 1} in body["facets"]["product"]
    assert all(hit["title"] != "Export secret held idea" for hit in body["hits"])


BAD_PARAMS = [
    ({"q": "x" * 10_000}, "q"),
    ({"q": "   "}, "q"),
    ({"q": "export", "kind": "nonsense"}, "kind"),
    ({"q": "export", "sort": "sideways"}, "sort"),
    ({"q": "export", "page": "0"}, "page"),
    ({"q": "export", "page": "10000"}, "page"),
]


def test_bad_input_is_a_problem_with_the_field_named(client, catalogue):
    for params, field in BAD_PARAMS:
        response = client.get("/api/v1/search/", params)

        assert response.status_code == 422, params
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"], params


def test_query_syntax_is_just_text(client, catalogue):
    for text in ('title:(a OR "', "'; DROP TABLE search_entry; --", "?!.", "\ue000"):
        response = client.get("/api/v1/search/", {"q": text})

        assert response.status_code == 200, text
        assert response.json()["total"] >= 0


def test_a_page_past_the_results_is_empty_but_counted(client, catalogue):
    body = client.get("/api/v1/search/", {"q": "export", "page": "50"}).json()

    assert body["hits"] == [] and body["total"] >= 2 and body["pages"] == 1


def test_suggestions_as_json(client, catalogue):
    response = client.get("/api/v1/search/suggestions/", {"q": "dark"})

    assert response.status_code == 200
    assert {"kind": "idea", "id": catalogue.dark_mode.pk} in [
        {"kind": item["kind"], "id": item["id"]} for item in response.json()
    ]
