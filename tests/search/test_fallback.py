"""When the cluster cannot answer, the database does, and /readyz says so."""

import pytest

from search import interface
from tests.factories import IdeaFactory
from tests.search.conftest import use_cluster

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["elasticsearch", "opensearch"])
def unreachable_cluster(request, settings, board):
    use_cluster(settings, request.param, "http://127.0.0.1:1")  # nothing listens there


def test_searches_fall_back_to_the_database(unreachable_cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(title="Calendar sync for Outlook")  # the cluster fails; the database entry is written

    results = interface.search("outlook")

    assert results.degraded is True
    assert [hit.title for hit in results.hits] == ["Calendar sync for Outlook"]
    assert [idea.title for idea in interface.similar("idea", "Outlook calendar sync")] == ["Calendar sync for Outlook"]


def test_the_page_still_answers_and_says_search_is_simpler(client, unreachable_cluster):
    idea = IdeaFactory(title="Calendar sync for Outlook")
    interface.database().index([interface.registry.get("idea").record(idea)])

    response = client.get("/search/", {"q": "outlook"})

    assert response.status_code == 200
    assert "simpler mode" in response.content.decode()


def test_the_indexing_task_keeps_the_database_current_without_a_worker(unreachable_cluster):
    from search.tasks import update_entry

    idea = IdeaFactory(title="Calendar sync for Outlook")

    assert update_entry.delay("idea", idea.pk).get() is False  # inline: logged, not raised
    assert interface.database().fingerprints("idea") == {
        idea.pk: interface.registry.get("idea").record(idea).fingerprint
    }
