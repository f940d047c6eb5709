"""Every write reaches search and the shared caches through one path: community.changes."""

import pytest

from community import page_cache
from community.changes import changed
from ideas import queries, services
from search import interface
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_a_new_comment_empties_shared_pages_but_not_the_menus_or_the_board_totals(board, member):
    idea = IdeaFactory()
    before = (page_cache.version(), page_cache.generation("pages"), page_cache.generation(queries.BOARD))

    services.add_comment(member, idea, "Same here.")

    after = (page_cache.version(), page_cache.generation("pages"), page_cache.generation(queries.BOARD))
    assert after[0] > before[0]
    assert after[1:] == before[1:]


def test_a_new_idea_starts_the_board_totals_afresh_and_a_page_the_menus(board, member, home):
    board_before, pages_before = page_cache.generation(queries.BOARD), page_cache.generation("pages")

    services.submit_idea(member, title="Dark mode")
    assert page_cache.generation(queries.BOARD) > board_before
    assert page_cache.generation("pages") == pages_before

    board.save_revision().publish()
    assert page_cache.generation("pages") > pages_before


def test_an_idea_changed_by_a_queryset_update_reaches_the_index_once_committed(
    board, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(title="Offline folders")
    interface.rebuild(["idea"])
    type(idea).objects.filter(pk=idea.pk).update(title="Offline folders on Android")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        changed(idea)

    assert callbacks  # the indexing task waited for the commit
    assert [hit.title for hit in interface.search("android").hits] == ["Offline folders on Android"]


def test_nothing_is_told_of_an_object_without_a_row(django_capture_on_commit_callbacks):
    before = page_cache.version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        changed(None, MemberFactory.build())

    assert callbacks == [] and page_cache.version() == before
