import pytest
from wagtail.models import Page, Site

from community import site as site_setup
from tests.factories import MemberFactory, StaffFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Every test starts in the site's default language: a German page requested by an
    earlier test leaves German active in the thread (LocaleMiddleware never resets it)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """`seed_demo` once for a whole test module, in a transaction rolled back after it.
    Each test runs in a savepoint inside it (pytest-django's `db`), so every test
    starts from the same demo and none sees another's changes."""
    import io

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def admin_client(client, staff):
    """Staff signed in, with the second factor the admin requires."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(staff)
    return client


@pytest.fixture
def site(db):
    """The demo pages: a home page with guidelines, privacy and about below it."""
    site_setup.seed_pages(site_setup.SeedReport())
    site_setup.seed_branding(site_setup.SeedReport())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site) -> Page:
    return site.root_page.specific


@pytest.fixture
def board(home):
    """The idea board at /ideas/."""
    from ideas.models import IdeaBoardPage

    board = IdeaBoardPage(title="Ideas", slug="ideas", show_in_menus=True, ideas_per_page=5)
    home.add_child(instance=board)
    return board


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last. Playwright keeps an event loop running from the first
    one to the end of the session, and inside it Django hands out other database
    connections, without the snapshot that serialized_rollback restores from."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture
def roadmap(home):
    from ideas.models import RoadmapPage

    page = RoadmapPage(title="Roadmap", slug="roadmap")
    home.add_child(instance=page)
    return page


@pytest.fixture
def changelog(home):
    from ideas.models import ChangelogPage

    page = ChangelogPage(title="Changelog", slug="changelog")
    home.add_child(instance=page)
    return page


@pytest.fixture
def products(home):
    """The product index at /products/ with its first product, Sync."""
    from reviews.models import ProductIndexPage

    index = ProductIndexPage(title="Products", slug="products", show_in_menus=True)
    home.add_child(instance=index)
    return index


@pytest.fixture
def product(products):
    from tests.factories import ProductFactory

    return ProductFactory(parent=products, title="Sync", slug="sync")


@pytest.fixture
def webhook_receiver():
    """A local HTTP receiver; set .answers to script its replies."""
    from tests.receiver import start_receiver

    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()
