"""manage.py search_index: --check finds what is missing or stale, --rebuild repairs
it; on a cluster a rebuild swaps a new versioned index in behind the alias."""

import pytest
from django.core.management import CommandError, call_command

from search import interface
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_check_reports_and_rebuild_repairs(catalogue, capsys):
    IdeaFactory(title="Not yet indexed")

    with pytest.raises(SystemExit) as exited:
        call_command("search_index", "--check", "--kind", "idea")
    assert exited.value.code == 1
    assert "1 missing" in capsys.readouterr().out

    call_command("search_index", "--rebuild")
    out = capsys.readouterr().out
    assert "idea: 6 documents indexed (of 6 to be found)." in out
    call_command("search_index", "--check")
    assert "0 missing, 0 stale, 0 that should not be found" in capsys.readouterr().out


def test_unknown_kinds_are_refused():
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("search_index", "--check", "--kind", "nonsense")


@pytest.mark.parametrize("engine", ["elasticsearch", "opensearch"], indirect=True)
def test_a_rebuild_swaps_a_new_index_in_behind_the_alias(catalogue):
    client = interface.cluster().client
    before = set(client.indices.get_alias(name="test-idea"))

    interface.rebuild(["idea"])

    after = set(client.indices.get_alias(name="test-idea"))
    assert len(after) == 1 and after.isdisjoint(before)
    assert not client.indices.exists(index=before.pop())
    assert "Export activity reports as CSV" in [hit.title for hit in interface.search("export").hits]
