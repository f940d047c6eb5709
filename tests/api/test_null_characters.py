"""A null character anywhere in API input is a 422 naming the field: PostgreSQL can
neither store nor compare text that holds one."""

import pytest


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/search/", {"q": "dark\x00mode"}),
        ("/search/suggestions/", {"q": "dark\x00"}),
        ("/ideas/", {"tag": "mobile\x00"}),
        ("/ideas/", {"q": "\x00"}),
    ],
)
@pytest.mark.django_db
def test_a_null_character_in_a_query_is_a_422(api, path, params):
    response = api.get(path, **params)

    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == [next(iter(params))]


@pytest.mark.django_db
def test_a_null_character_in_a_list_of_the_body_is_a_422(api):
    response = api.post("/ideas/", {"title": "Fine", "tags": ["mobile\x00"]})

    assert response.status_code == 422
    assert response.json()["errors"] == {"tags": ["Null characters are not allowed."]}
