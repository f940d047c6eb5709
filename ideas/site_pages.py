"""The pages ideas need on a new site (given to community.site.PAGES): the idea board,
the roadmap and the changelog, each made once."""

from community.site import SeedReport, ensure_child, home_page
from ideas.models import ChangelogPage, IdeaBoardPage, RoadmapPage


def create_pages(report: SeedReport) -> None:
    home = home_page()
    ensure_child(
        home,
        IdeaBoardPage,
        report,
        title="Ideas",
        slug="ideas",
        show_in_menus=True,
        intro="What should we build next? Vote for the ideas you need, or share your own.",
    )
    ensure_child(
        home,
        RoadmapPage,
        report,
        title="Roadmap",
        slug="roadmap",
        show_in_menus=True,
        intro="What we plan, what we are building, and what shipped lately.",
    )
    ensure_child(
        home,
        ChangelogPage,
        report,
        title="Changelog",
        slug="changelog",
        show_in_menus=True,
        intro="Ideas from this community that are now part of our products.",
    )
