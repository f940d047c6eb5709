"""Under /api/ every error is a problem document, and the schema says so."""

import pytest
from ninja import Schema

from config.api import api as the_api
from ideas import api as ideas_api
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def is_problem(response, status: int, code: str) -> bool:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json", response.content
    body = response.json()
    assert (body["status"], body["code"]) == (status, code)
    return bool(body["title"])


def test_an_unknown_address_is_a_404_problem_in_the_callers_language(client):
    english = client.get("/api/v1/no-such-thing/")
    german = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="de")

    assert is_problem(english, 404, "not_found")
    assert english.json()["title"] == "Nothing was found at this address."
    assert is_problem(german, 404, "not_found")
    assert german.json()["title"] == "Unter dieser Adresse gibt es nichts."


def test_an_unknown_idea_is_a_404_problem(client, board):
    assert is_problem(client.get("/api/v1/ideas/987654/"), 404, "not_found")


def test_a_method_an_address_does_not_take_is_a_405_problem_that_says_which_it_takes(client, board):
    response = client.put("/api/v1/ideas/", data="{}", content_type="application/json")

    assert is_problem(response, 405, "method_not_allowed")
    assert "PUT" in response.json()["title"]
    assert "GET" in response["Allow"]


def test_a_body_over_the_size_limit_is_a_413_problem(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = api.post("/ideas/", {"title": "Big", "body": "x" * 5000})

    assert is_problem(response, 413, "too_large")


def test_a_server_error_is_a_500_problem_and_is_logged(client, board, monkeypatch, caplog):
    IdeaFactory()

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(ideas_api, "board", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/ideas/")

    assert is_problem(response, 500, "server_error")
    assert "disk is on fire" not in response.content.decode()
    assert any(record.levelname == "ERROR" and record.exc_info for record in caplog.records)


def test_every_operation_documents_its_problems_and_ideas_name_their_product_truly():
    schema = the_api.get_openapi_schema()

    for path, item in schema["paths"].items():
        for method, operation in item.items():
            problem = operation["responses"]["4XX"]["content"]["application/problem+json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/Problem"}, (method, path)
            assert "503" in operation["responses"]
    product = schema["components"]["schemas"]["IdeaOut"]["properties"]["product"]
    ref = next(option["$ref"] for option in product["anyOf"] if "$ref" in option)
    assert schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["required"] == ["slug", "title"]


def every_schema(base=Schema):
    for subclass in base.__subclasses__():
        yield subclass
        yield from every_schema(subclass)


def test_no_two_schemas_of_the_api_share_a_name():
    """The schema names its components by class name: two of one name and one of them
    silently describes the other's answers."""
    ours = [
        cls
        for cls in every_schema()
        if cls.__module__.split(".")[0] in {"community", "ideas", "reviews", "search", "triage"}
    ]
    names = [cls.__name__ for cls in ours]

    assert len(ours) > 20
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


def test_a_database_that_does_not_answer_is_a_503_problem_to_try_again(client, board, monkeypatch):
    from django.db import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(ideas_api, "board", down)
    client.raise_request_exception = False
    response = client.get("/api/v1/ideas/", HTTP_ACCEPT_LANGUAGE="de")

    assert is_problem(response, 503, "database_unavailable")
    assert response["Retry-After"] == "5"
    assert response.json()["title"].startswith("Die Website ist kurz nicht erreichbar")
