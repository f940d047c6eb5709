"""A search asked again is answered from the cache, until the index changes."""

import pytest

from search import interface
from search.backends.database import DatabaseEngine
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(settings, monkeypatch):
    """How often the database engine was asked to search."""
    settings.SEARCH_URL = ""
    settings.SEARCH_CACHE_SECONDS = 60
    calls = []
    original = DatabaseEngine.search

    def counted(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DatabaseEngine, "search", counted)
    return calls


def test_the_same_question_is_answered_once(asked, board):
    IdeaFactory(title="Export to spreadsheets")
    interface.rebuild(["idea"])

    first = interface.search("spreadsheets")
    again = interface.search("spreadsheets")

    assert len(asked) == 1
    assert [hit.title for hit in again.hits] == [hit.title for hit in first.hits] == ["Export to spreadsheets"]
    assert interface.search("spreadsheets", page=2).total == 1 and len(asked) == 2  # another question


def test_a_change_to_the_index_is_found_at_once(asked, board):
    interface.rebuild(["idea"])
    assert interface.search("calendar").total == 0

    idea = IdeaFactory(title="Calendar sync")
    interface.index(idea)

    assert [hit.title for hit in interface.search("calendar").hits] == ["Calendar sync"]
    interface.remove(idea)
    assert interface.search("calendar").total == 0


def test_nothing_is_kept_when_switched_off(asked, settings, board):
    settings.SEARCH_CACHE_SECONDS = 0
    interface.search("export")
    interface.search("export")

    assert len(asked) >= 2
