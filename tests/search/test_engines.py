"""The two cluster engines, each with its own client: OpenSearch answers without
Elasticsearch's product header, which the Elasticsearch client refuses; the
OpenSearch engine needs no such header. The index is the same for both."""

import pytest

from search import interface, registry
from search.backends.cluster import mapping, source
from search.backends.elastic import ElasticEngine
from search.backends.opensearch import OpenSearchEngine
from search.results import Query
from tests.factories import IdeaFactory
from tests.search.conftest import use_cluster

pytestmark = pytest.mark.django_db


def test_the_opensearch_engine_answers_from_a_cluster_that_is_not_elasticsearch(
    settings, board, opensearch_url, caplog
):
    use_cluster(settings, "opensearch", opensearch_url)
    IdeaFactory(title="Calendar sync for Outlook")
    interface.rebuild(["idea"])

    results = interface.search("outlook")

    assert results.degraded is False
    assert [hit.title for hit in results.hits] == ["Calendar sync for Outlook"]
    assert interface.health() == {"status": "up", "engine": "opensearch"}
    assert not [record for record in caplog.records if record.name.startswith("opensearch")]  # no line per request


def test_the_elasticsearch_engine_pointed_at_opensearch_falls_back_and_says_why(settings, board, opensearch_url):
    use_cluster(settings, "elasticsearch", opensearch_url)
    idea = IdeaFactory(title="Calendar sync for Outlook")
    interface.database().index([registry.get("idea").record(idea)])

    results = interface.search("outlook")

    assert results.degraded is True  # the database answered
    assert [hit.title for hit in results.hits] == ["Calendar sync for Outlook"]
    health = interface.health()
    assert (health["status"], health["configured"]) == ("degraded", "elasticsearch")
    assert health["problem"].startswith("UnsupportedProductError")


def test_each_kind_gets_a_keyword_field_per_facet_and_nothing_else_is_accepted():
    fields = mapping(registry.get("idea"))

    assert fields["dynamic"] == "strict"
    assert {name for name, field in fields["properties"].items() if field["type"] == "keyword"} == {
        "kind",
        "fingerprint",
        "product",
        "status",
        "tag",
    }
    assert set(mapping(registry.get("review"))["properties"]) - set(fields["properties"]) == {"stars"}


def test_a_stored_document_carries_the_record_and_its_completions(board):
    idea = IdeaFactory(title="Offline folders on Android", vote_count=12)
    record = registry.get("idea").record(idea)

    document = source(record)

    assert document["suggest"] == {
        "input": ["Offline folders on Android", "folders on Android", "on Android", "Android"],
        "weight": 13,
    }
    assert document["published_at"] == record.published_at.isoformat()
    assert document["fingerprint"] == record.fingerprint
    assert document["status"] == [idea.status.slug]


def test_both_clients_send_the_same_search():
    """Why the slow relevance set runs on one cluster engine only: the request is the same."""
    query = Query(text='dark "mobile app"', kinds=("idea",), filters={"product": "sync"}, sort="popular", page=2)
    elastic = ElasticEngine("http://127.0.0.1:1").search_request(query, any_word=True)
    opensearch = OpenSearchEngine("http://127.0.0.1:1").search_request(query, any_word=True)

    assert elastic.to_dict() == opensearch.to_dict()
    assert elastic.to_dict()["from"] == 20
