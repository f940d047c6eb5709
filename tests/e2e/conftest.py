"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The tests never download a browser: they use /usr/bin/chromium (CHROMIUM_PATH).
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from community import site as site_setup
from ideas.models import IdeaBoardPage, Status
from ideas.workflow import DEFAULT_STATUSES

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make around it are plain synchronous code. (Subprocesses started by other tests
# drop this variable again.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture
def seeded_site(transactional_db):
    """The demo pages on a live database.

    Transactional tests end with a flush, which also removes the root page and locale
    that Wagtail's migrations create; Django's serialized rollback cannot put them back
    here, because Playwright's event loop gives this thread a connection of its own.
    """
    if Page.get_first_root_node() is None:
        ContentType.objects.clear_cache()  # the flush re-created them with new ids
        Locale.objects.get_or_create(language_code="en")
        Page.add_root(instance=Page(title="Root", slug="root"))
    site_setup.seed_pages(site_setup.SeedReport())
    site_setup.seed_branding(site_setup.SeedReport())
    if not Status.objects.exists():  # the flush removed what the data migration made
        for position, spec in enumerate(DEFAULT_STATUSES):
            Status.objects.create(**spec, position=position)


@pytest.fixture
def board(seeded_site):
    home = Site.objects.get(is_default_site=True).root_page
    board = IdeaBoardPage(title="Ideas", slug="ideas", show_in_menus=True)
    home.add_child(instance=board)
    return board


@pytest.fixture
def roadmap(board):
    from ideas.models import RoadmapPage

    page = RoadmapPage(title="Roadmap", slug="roadmap", show_in_menus=True)
    board.get_parent().add_child(instance=page)
    return page


@pytest.fixture(scope="session")
def _axe():
    return Axe()


@pytest.fixture
def assert_accessible(_axe):
    """Runs axe-core on the page; any WCAG 2.x A/AA violation fails the test."""

    def check(page) -> None:
        # A click on a link may still be loading the next page: axe reads the page that stays.
        page.wait_for_load_state("load")
        # Colours are measured as shown: let fade-ins (e.g. the admin's messages) finish first.
        page.evaluate(
            "Promise.race([new Promise(done => setTimeout(done, 1000)), Promise.all(document.getAnimations()"
            ".filter(a => a.effect && a.effect.getTiming().iterations !== Infinity).map(a => a.finished))])"
        )
        results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def product(seeded_site):
    from reviews.models import ProductIndexPage
    from tests.factories import ProductFactory

    home = Site.objects.get(is_default_site=True).root_page
    index = ProductIndexPage(title="Products", slug="products", show_in_menus=True)
    home.add_child(instance=index)
    return ProductFactory(parent=index, title="Sync", slug="sync")
