"""The one search interface, on every engine: the same questions, the same answers
(orders are asserted only where the difference is unambiguous; scores never)."""

import pytest

from community.moderation import services as moderation
from ideas import services as idea_services
from search import interface
from tests.factories import IdeaFactory, StaffFactory
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def test_it_finds_ideas_reviews_and_products_by_their_words(catalogue):
    results = interface.search("export")
    assert "Export activity reports as CSV" in titles(results)
    assert ("review", "Reliable sync at last") in found(results)  # "Exports" in its body
    assert results.kind_counts["idea"] >= 1 and results.kind_counts["review"] == 1
    assert interface.search("mobile app").kind_counts.get("product") == 1


def test_it_never_finds_held_merged_or_rejected_content(catalogue):
    for text in ("export", "secret held", "everything at once", "spam review"):
        shown = titles(interface.search(text))
        assert "Export secret held idea" not in shown
        assert "Export everything at once" not in shown
        assert "Export spam review" not in shown


def test_it_understands_english_and_german_word_forms(catalogue):
    assert "Export activity reports as CSV" in titles(interface.search("exports"))
    assert "Bewertungen als Tabelle exportieren" in titles(interface.search("Bewertung"))


def test_it_limits_to_the_asked_kind_and_still_counts_every_kind(catalogue):
    results = interface.search("export", kinds=["review"])
    assert {hit.kind for hit in results.hits} == {"review"}
    assert results.total == 1
    assert results.kind_counts["idea"] >= 1


def test_it_counts_facet_values_and_filters_by_them(catalogue):
    results = interface.search("export", kinds=["idea"])
    products = {value.value: value for value in results.facets["product"]}
    assert products["sync"].label == "Sync" and products["sync"].count == 1
    assert {value.label for value in results.facets["tag"]} == {"Security"}
    assert titles(interface.search("mode", kinds=["idea"], filters={"product": "mobile"})) == [
        "Dark mode for the mobile app"
    ]
    assert interface.search("mode", kinds=["idea"], filters={"product": "sync"}).total == 0
    assert interface.search("export", filters={"product": "no-such-product"}).total == 0
    stars = interface.search("sync", kinds=["review"], filters={"stars": "5"})
    assert titles(stars) == ["Reliable sync at last"]
    assert stars.facets["stars"][0].label == "5 stars"


def test_the_snippet_marks_the_words_and_escapes_the_text(catalogue):
    hit = next(hit for hit in interface.search("never fail").hits if hit.kind == "review")
    assert "<mark>" in hit.snippet
    assert "<b>" not in hit.snippet  # escaped (or, by PostgreSQL's headline, dropped)
    assert hit.url.endswith(f"?review={catalogue.review.pk}#review-{catalogue.review.pk}")
    assert hit.object == catalogue.review


def test_sorting_by_popularity_and_by_date(catalogue):
    popular = interface.search("folders mode", kinds=["idea"], sort="popular")  # any of the words
    assert titles(popular)[0] == "Offline folders on Android"
    assert "Dark mode for the mobile app" in titles(popular)
    newest = interface.search("export", kinds=["idea"], sort="newest")
    assert titles(newest)[0] == "Bewertungen als Tabelle exportieren" or newest.hits[0].object.created_at >= max(
        hit.object.created_at for hit in newest.hits
    )


def test_pages_hold_a_page_size_each(catalogue):
    for number in range(5):
        IdeaFactory(title=f"Calendar integration number {number}")
    interface.rebuild(["idea"])
    first = interface.search("calendar", page=1, page_size=2)
    third = interface.search("calendar", page=3, page_size=2)
    assert first.total == 5 and first.pages == 3
    assert len(first.hits) == 2 and len(third.hits) == 1
    assert set(titles(first)).isdisjoint(titles(third))
    assert interface.search("calendar", page=99, page_size=2).hits == []


BAD_TEXT = [
    "",
    "   ",
    "x" * 10_000,
    "!!! ??? ...",
    '"unbalanced quote',
    "title:(a OR",
    "export AND (",
    "'; DROP TABLE search_entry; --",
    "NEAR(export mode) * ^ ~ {} []",
    "\x00\x1f control",
    "\ue000 marker \ue001",
]


def test_bad_input_never_fails(catalogue):
    for text in BAD_TEXT:  # one catalogue for all: each text is read-only
        results = interface.search(text)
        assert results.total >= 0, text
        assert all(hit.object is not None for hit in results.hits), text
        interface.suggest(text)
        interface.similar("idea", text, text)


def test_unknown_kinds_facets_and_sorts_are_ignored(catalogue):
    results = interface.search("export", kinds=["nonsense"], filters={"colour": "red"}, sort="sideways", page=0)
    assert results.query.kinds == () and results.query.filters == {}
    assert results.query.sort == "relevance" and results.query.page == 1
    assert results.total >= 2


def test_a_misspelling_still_finds_what_was_meant(catalogue, engine):
    results = interface.search("exprot activity")
    assert "Export activity reports as CSV" in titles(results)
    if engine == "database":  # Elasticsearch forgives the typo in the query itself
        assert results.corrected_from == "exprot activity" and results.suggestion == "export activity"
        exact = interface.search("exprot activity", correct=False)
        assert exact.corrected_from == "" and exact.suggestion == "export activity"


def test_words_that_never_meet_still_find_each_one(catalogue):
    assert {"Dark mode for the mobile app", "Export activity reports as CSV"} <= set(
        titles(interface.search("spreadsheets blinding"))
    )


def test_it_suggests_titles_as_they_are_typed(catalogue):
    assert "Dark mode for the mobile app" in [hit.title for hit in interface.suggest("dark")]
    assert "Dark mode for the mobile app" in [hit.title for hit in interface.suggest("mod")]
    assert "Export secret held idea" not in [hit.title for hit in interface.suggest("export")]


def test_similar_ideas_put_near_duplicates_first(catalogue):
    similar = interface.similar("idea", "Export the activity report to CSV files")
    assert similar[0] == catalogue.export
    assert catalogue.held not in similar and catalogue.merged not in similar
    assert interface.similar("idea", "Dark mode please", filters={"product": "mobile"})[0] == catalogue.dark_mode


def test_saving_moderating_and_merging_update_the_index(catalogue, django_capture_on_commit_callbacks, member):
    moderator = StaffFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        idea = idea_services.submit_idea(member, title="Calendar sync for Outlook", body="Meetings in my files.")
    assert "Calendar sync for Outlook" in titles(interface.search("outlook"))
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(idea, "rejected", by=moderator, reason="Off topic")
    assert interface.search("outlook").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(catalogue.held, "published", by=moderator)
    assert "Export secret held idea" in titles(interface.search("secret"))
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.merge_ideas(catalogue.dark_mode, catalogue.popular, by=moderator)
    assert "Dark mode for the mobile app" not in titles(interface.search("dark mode"))
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.export.delete()
    assert "Export activity reports as CSV" not in titles(interface.search("export"))
    assert all(report.ok for report in interface.check())


def test_the_check_reports_missing_stale_and_extra_documents(catalogue):
    assert all(report.ok for report in interface.check())
    type(catalogue.export).objects.filter(pk=catalogue.export.pk).update(title="Export reports as Excel")
    type(catalogue.popular).objects.filter(pk=catalogue.popular.pk).update(moderation_state="rejected")
    fresh = IdeaFactory(title="Brand new idea")
    reports = {(report.engine, report.kind): report for report in interface.check(["idea"])}
    for report in reports.values():
        assert report.stale == [catalogue.export.pk]
        assert report.extra == [catalogue.popular.pk]
        assert report.missing == [fresh.pk]
    interface.rebuild(["idea"])
    assert all(report.ok for report in interface.check(["idea"]))


def test_popularity_is_refreshed_in_one_pass(catalogue):
    type(catalogue.export).objects.filter(pk=catalogue.export.pk).update(vote_count=500)
    assert interface.refresh_popularity(["idea"]) == 1
    assert titles(interface.search("app mode export reports", kinds=["idea"], sort="popular"))[0] == (
        "Export activity reports as CSV"
    )
    assert interface.refresh_popularity(["idea"]) == 0
