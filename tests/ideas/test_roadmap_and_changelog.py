import xml.etree.ElementTree as ET

import pytest

from ideas import services
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_roadmap_shows_planned_in_progress_and_shipped_ideas(client, board, roadmap, staff):
    planned_low, planned_high = IdeaFactory(title="Planned low"), IdeaFactory(title="Planned high")
    building, shipped = IdeaFactory(title="Building"), IdeaFactory(title="Shipped")
    IdeaFactory(title="Fresh")  # new: not on the roadmap
    for idea, slug in [
        (planned_low, "planned"),
        (planned_high, "planned"),
        (building, "in-progress"),
        (shipped, "shipped"),
    ]:
        services.change_status(idea, status(slug), staff)
    services.cast_vote(MemberFactory(), planned_high)

    response = client.get("/roadmap/")

    columns = {str(column.stage): [idea.title for idea in column.ideas] for column in response.context["columns"]}
    assert columns == {"planned": ["Planned high", "Planned low"], "in_progress": ["Building"], "done": ["Shipped"]}
    body = response.content.decode()
    assert f'href="/ideas/{shipped.pk}-shipped/"' in body
    assert "Fresh" not in body


def test_the_roadmap_needs_the_same_queries_however_many_ideas(
    client, board, roadmap, staff, django_assert_max_num_queries
):
    client.get("/roadmap/")
    for number in range(12):
        services.change_status(IdeaFactory(title=f"Plan {number}"), status("planned"), staff)

    with django_assert_max_num_queries(18):
        response = client.get("/roadmap/")

    assert "Plan 11" in response.content.decode()


def test_the_changelog_lists_what_shipped_with_the_teams_words(client, board, changelog, staff):
    idea = IdeaFactory(title="Dark mode")
    services.change_status(idea, status("shipped"), staff, "Out in **4.2**.")
    services.change_status(IdeaFactory(title="Not yet"), status("planned"), staff, "Soon.")

    body = client.get("/changelog/").content.decode()

    assert "Dark mode" in body and "Out in <strong>4.2</strong>." in body
    assert "Not yet" not in body
    assert 'type="application/atom+xml"' in body


def test_the_changelog_has_an_atom_feed(client, board, changelog, staff):
    idea = IdeaFactory(title="Dark mode")
    services.change_status(idea, status("shipped"), staff, "Out in <script>alert(1)</script> 4.2.")

    response = client.get("/changelog/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Dark mode"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/ideas/{idea.pk}-dark-mode/")
    assert "<script>" not in entries[0].find(f"{ATOM}summary").text


def test_merged_ideas_stay_off_the_roadmap(client, board, roadmap):
    staff = StaffFactory()
    duplicate, survivor = IdeaFactory(title="Duplicate"), IdeaFactory(title="Survivor")
    services.change_status(duplicate, status("planned"), staff)
    services.merge_ideas(duplicate, survivor, staff)

    assert "Duplicate" not in client.get("/roadmap/").content.decode()


def test_a_long_roadmap_column_shows_its_most_voted_ideas_and_says_how_many_there_are(client, board, roadmap, staff):
    roadmap.open_shown = 2
    roadmap.save()
    for number, votes in enumerate([0, 3, 1]):
        services.change_status(IdeaFactory(title=f"Plan {number}", vote_count=votes), status("planned"), staff)

    body = client.get("/roadmap/").content.decode()

    assert "Plan 1" in body and "Plan 2" in body
    assert "Plan 0" not in body
    assert "Showing the first 2 of 3." in body


def test_a_shipped_idea_links_to_its_changelog_entry(client, board, changelog, staff):
    idea = IdeaFactory(title="Offline mode")
    change = services.change_status(idea, status("shipped"), staff, "Works **without** a network now.")

    idea_page = client.get(board.idea_url(idea)).content.decode()
    entry = client.get(f"/changelog/{change.pk}/")

    assert f'href="/changelog/{change.pk}/"' in idea_page
    assert entry.status_code == 200
    assert "<strong>without</strong>" in entry.content.decode()
    planned = services.change_status(IdeaFactory(), status("planned"), staff)
    assert client.get(f"/changelog/{planned.pk}/").status_code == 404
