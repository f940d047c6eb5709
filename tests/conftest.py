import pytest
from wagtail.models import Page, Site

from community import demo
from tests.factories import MemberFactory, StaffFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def site(db):
    """The demo pages: a home page with guidelines, privacy and about below it."""
    demo.seed_pages(demo.SeedReport())
    demo.seed_branding(demo.SeedReport())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site) -> Page:
    return site.root_page.specific
