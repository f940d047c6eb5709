"""Search tests run once per engine: the database of this run (SQLite or
PostgreSQL), and Elasticsearch's and OpenSearch's clients against an in-memory
osmem-server (see tests/search/clusters.py)."""

from dataclasses import dataclass

import pytest

from community.models import ModerationState
from search import interface
from tests.factories import IdeaFactory, IdeaTagFactory, ProductFactory, ReviewFactory
from tests.factories.ideas import status
from tests.search.clusters import OpenSearchAnswers

PLAIN_JSON_NODE = "tests.search.clusters.PlainJsonNode"


@pytest.fixture
def opensearch_url(osmem_clone):
    """An osmem clone answering as OpenSearch does, without Elasticsearch's product header."""
    with OpenSearchAnswers(osmem_clone.url) as proxy:
        yield proxy.url


def use_cluster(settings, engine: str, url: str) -> None:
    settings.SEARCH_ENGINE = engine
    settings.SEARCH_URL = url
    settings.ELASTICSEARCH_NODE_CLASS = PLAIN_JSON_NODE if engine == "elasticsearch" else ""
    settings.SEARCH_INDEX_PREFIX = "test"


@pytest.fixture(params=["database", "elasticsearch", "opensearch"])
def engine(request, settings):
    if request.param == "elasticsearch":
        use_cluster(settings, "elasticsearch", request.getfixturevalue("osmem_clone").url)
    elif request.param == "opensearch":
        use_cluster(settings, "opensearch", request.getfixturevalue("opensearch_url"))
    else:
        settings.SEARCH_URL = ""
    return request.param


@dataclass
class Catalogue:
    sync: object
    mobile: object
    export: object
    dark_mode: object
    german: object
    popular: object
    held: object
    merged: object
    review: object
    rejected_review: object


@pytest.fixture
def catalogue(engine, board, product, products):
    """A little of everything, indexed: two products, ideas in two languages, reviews,
    and content that must never be found (held, merged, rejected)."""
    mobile = ProductFactory(parent=products, title="Mobile app", slug="mobile", summary="Your files on the phone.")
    security = IdeaTagFactory(slug="security", name="Security")
    export = IdeaFactory(
        title="Export activity reports as CSV", body="We need the **numbers** in our own spreadsheets.", product=product
    )
    export.tags.add(security)
    dark_mode = IdeaFactory(
        title="Dark mode for the mobile app", body="The white screen is blinding at night.", product=mobile
    )
    german = IdeaFactory(title="Bewertungen als Tabelle exportieren", body="Alle Bewertungen unserer Kunden auswerten.")
    popular = IdeaFactory(
        title="Offline folders on Android", body="Mark a folder as available offline.", vote_count=40, product=mobile
    )
    held = IdeaFactory(title="Export secret held idea", moderation_state=ModerationState.PENDING)
    target = IdeaFactory(title="Bulk rename of files")
    merged = IdeaFactory(title="Export everything at once", merged_into=target, status=status("merged"))
    review = ReviewFactory(product=product, rating=5, title="Reliable sync at last", body="Exports <b>never</b> fail.")
    rejected = ReviewFactory(
        product=product, rating=1, title="Export spam review", moderation_state=ModerationState.REJECTED
    )
    interface.rebuild()
    return Catalogue(product, mobile, export, dark_mode, german, popular, held, merged, review, rejected)


def found(results) -> list[tuple[str, str]]:
    return [(hit.kind, hit.title) for hit in results.hits]
