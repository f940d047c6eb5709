"""What `make bench` loads, and the SQL query budget each endpoint is held to.

One list drives the load test (bench/run.py), the query report at two data sizes
(bench/queries.py) and the tests that hold the budgets (tests/test_query_budgets.py),
so a new endpoint is measured and guarded in one place.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

BARE_PATH = "/bench/bare/"
# Words customers search for; a few misspelt, a few German, as on a real site.
QUERIES = [
    "export", "sync", "offline", "dark mode", "folders", "photos", "reports", "sharing links", "android",
    "version history", "templates", "calendar", "keyboard shortcuts", "exprot", "Synchronisierung",
    "shared folders", "team spaces", "audit log", "spreadsheets", "reminders",
]  # fmt: skip


@dataclass(frozen=True)
class Targets:
    """Addresses in the benchmarked database: the board, ideas to open, a product, queries."""

    board_url: str
    ideas: list[tuple[int, str]]  # (id, slug), drawn across the whole board
    product_url: str
    queries: list[str]


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    paths: Callable[[Targets], list[str]]
    # Most SQL queries one uncached request may run, whatever the data size; None for the bare view.
    budget: int | None
    signed_in: bool = False


def _idea_pages(targets: Targets) -> list[str]:
    return [f"{targets.board_url}{pk}-{slug}/" for pk, slug in targets.ideas]


def _idea_api(targets: Targets) -> list[str]:
    return [f"/api/v1/ideas/{pk}/" for pk, _slug in targets.ideas]


def _vote_paths(targets: Targets) -> list[str]:
    return [f"/api/v1/ideas/{pk}/vote/" for pk, _slug in targets.ideas]


ENDPOINTS = [
    Endpoint("bare", "Bare Django view (constant JSON)", lambda t: [BARE_PATH], None),
    Endpoint("board_page", "Ideas board page, by votes", lambda t: [t.board_url], 13),
    Endpoint("ideas_api", "Ideas list API, by votes (20)", lambda t: ["/api/v1/ideas/?sort=top&page_size=20"], 2),
    Endpoint("idea_page", "Idea detail page", _idea_pages, 16),  # + pictures, reactions, mentions
    Endpoint("idea_api", "Idea detail API", _idea_api, 3),
    Endpoint("vote_toggle", "Vote toggle API (signed in)", _vote_paths, 12, signed_in=True),
    Endpoint("product_page", "Product page with reviews", lambda t: [t.product_url], 15),  # + review photos
    Endpoint("search_page", "Search page", lambda t: [f"/search/?q={quote(q)}" for q in t.queries], 10),
    Endpoint("search_api", "Search API", lambda t: [f"/api/v1/search/?q={quote(q)}" for q in t.queries], 8),
]
BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


def find_targets(ideas: int = 200, seed: int = 1) -> Targets:
    """Draws the addresses from the database Django is configured with."""
    from ideas.models import Idea, IdeaBoardPage
    from ideas.workflow import VOTING_STAGES
    from reviews.models import ProductPage

    board = IdeaBoardPage.objects.live().first()
    product = ProductPage.objects.live().filter(rating__isnull=False).order_by("-rating__count", "pk").first()
    if board is None or product is None:
        raise LookupError("The database has no idea board or no product: run seed_demo first.")
    # Ideas still open to votes, so that the vote toggle can use the same ones.
    live = Idea.objects.published().filter(merged_into__isnull=True, status__stage__in=VOTING_STAGES)
    pool = list(live.order_by("pk").values_list("pk", flat=True))
    chosen = random.Random(seed).sample(pool, min(ideas, len(pool)))  # noqa: S311 (not security)
    slugs = {idea.pk: idea.slug for idea in Idea.objects.filter(pk__in=chosen).only("pk", "title")}
    return Targets(
        board_url=board.url, ideas=[(pk, slugs[pk]) for pk in chosen], product_url=product.url, queries=QUERIES
    )
