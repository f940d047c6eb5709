"""/api/v1/triage/: the triage list and its export, for product managers only."""

import csv
import io
import json
from decimal import Decimal

import pytest

from community.models import Segment
from ideas import services
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demand():
    enterprise = Segment.objects.create(name="Enterprise", weight=Decimal("3"))
    wanted, other = IdeaFactory(title="SSO"), IdeaFactory(title="Dark mode")
    for voter in MemberFactory.create_batch(2, segment=enterprise, customer_value=Decimal("1000")):
        services.cast_vote(voter, wanted)
    for voter in MemberFactory.create_batch(3):
        services.cast_vote(voter, other)
    return enterprise, wanted, other


def test_product_managers_read_the_list_with_demand_figures(staff_api, demand):
    enterprise, wanted, _other = demand

    by_weight = staff_api.get("/triage/ideas/", sort="weighted").json()
    one_segment = staff_api.get("/triage/ideas/", segment=enterprise.pk).json()

    assert by_weight["count"] == 2
    assert [(item["title"], item["votes"], item["weighted_demand"]) for item in by_weight["items"]] == [
        ("SSO", 2, 6.0),
        ("Dark mode", 3, 3.0),
    ]
    assert [(item["id"], item["value_demand"]) for item in one_segment["items"]] == [(wanted.pk, 2000.0)]


def test_the_export_streams_csv_and_json(staff_api, demand):
    csv_body = b"".join(staff_api.get("/triage/ideas/export.csv", sort="votes").streaming_content).decode()
    json_body = json.loads(b"".join(staff_api.get("/triage/ideas/export.json", status="new").streaming_content))

    assert [row["title"] for row in csv.DictReader(io.StringIO(csv_body))] == ["Dark mode", "SSO"]
    assert json_body["filters"] == {"status": "new", "sort": "votes"}
    assert len(json_body["ideas"]) == 2


def test_bad_filters_are_named(staff_api, demand):
    response = staff_api.get("/triage/ideas/", status="nonsense", segment=99999, sort="loudest")

    assert response.status_code == 422
    assert set(response.json()["errors"]) >= {"sort"}
    second = staff_api.get("/triage/ideas/", status="nonsense", segment=99999)
    assert second.status_code == 422
    assert set(second.json()["errors"]) == {"status", "segment"}


def test_members_cannot_triage(api, client, demand):
    assert api.get("/triage/ideas/").status_code == 403
    client.logout()
    assert client.get("/api/v1/triage/ideas/").status_code == 401
