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
# The shared page cache must keep anonymous readers at this share of the bare view.
ANONYMOUS_SHARE = 0.80
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
    segment: int | None = None  # the largest segment, for the triage desk narrowed to it


# Who loads an endpoint: "anyone" is loaded signed out (the shared page cache) and signed
# in (rendered for the member); "member" only signed in; "staff" signed in as staff.
READERS = ("anyone", "member", "staff")


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    paths: Callable[[Targets], list[str]]
    # Most SQL queries one request of a signed-in reader may run, whatever the data size;
    # None for the bare view.
    budget: int | None
    reader: str = "anyone"
    # The share of the bare view's requests/s it must reach signed in, at both sizes.
    target_share: float | None = None
    # The most server time its 95th percentile may take at the large size, signed in.
    target_p95_ms: float | None = None

    @property
    def signed_in(self) -> bool:
        """Loaded only signed in (no anonymous load)."""
        return self.reader != "anyone"


def _idea_pages(targets: Targets) -> list[str]:
    return [f"{targets.board_url}{pk}-{slug}/" for pk, slug in targets.ideas]


def _idea_api(targets: Targets) -> list[str]:
    return [f"/api/v1/ideas/{pk}/" for pk, _slug in targets.ideas]


def _vote_paths(targets: Targets) -> list[str]:
    return [f"/api/v1/ideas/{pk}/vote/" for pk, _slug in targets.ideas]


def _triage_paths(targets: Targets) -> list[str]:
    segment = f"&segment={targets.segment}" if targets.segment else ""
    return [f"/admin/triage/?sort=weighted{segment}"]


ENDPOINTS = [
    Endpoint("bare", "Bare Django view (constant JSON)", lambda t: [BARE_PATH], None),
    Endpoint("board_page", "Ideas board page, by votes", lambda t: [t.board_url], 18, target_share=0.20),
    Endpoint(
        "ideas_api",
        "Ideas list API, by votes (20)",
        lambda t: ["/api/v1/ideas/?sort=top&page_size=20"],
        4,
        target_share=0.22,
    ),
    # + pictures, reactions, mentions
    Endpoint("idea_page", "Idea detail page", _idea_pages, 21, target_share=0.20),
    Endpoint("idea_api", "Idea detail API", _idea_api, 7, target_share=0.50),
    Endpoint("vote_toggle", "Vote toggle API", _vote_paths, 12, reader="member", target_share=0.40),
    # + review photos
    Endpoint("product_page", "Product page with reviews", lambda t: [t.product_url], 22, target_share=0.15),
    Endpoint(
        "search_page",
        "Search page, a new query",
        lambda t: [f"/search/?q={quote(q)}" for q in t.queries],
        15,
        target_p95_ms=50,
    ),
    Endpoint(
        "search_api",
        "Search API, a new query",
        lambda t: [f"/api/v1/search/?q={quote(q)}" for q in t.queries],
        8,
        target_p95_ms=50,
    ),
    Endpoint(
        "triage_segment",
        "Triage board, one segment, by weighted demand",
        _triage_paths,
        30,
        reader="staff",
        target_p95_ms=200,
    ),
]
BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


def find_targets(ideas: int = 200, seed: int = 1) -> Targets:
    """Draws the addresses from the database Django is configured with."""
    from django.db.models import Count

    from community.models import Segment
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
    segment = Segment.objects.annotate(n=Count("members")).order_by("-n", "pk").values_list("pk", flat=True).first()
    return Targets(
        board_url=board.url,
        ideas=[(pk, slugs[pk]) for pk in chosen],
        product_url=product.url,
        queries=new_queries(),
        segment=segment,
    )


def new_queries(count: int = 6_000) -> list[str]:
    """Searches each asked once in a run, so that no answer comes from the search cache:
    the common queries, then each followed by one and by two more of their words."""
    words = sorted({word for query in QUERIES for word in query.split()})
    found = dict.fromkeys(QUERIES)
    for query in QUERIES:
        found.update(dict.fromkeys(f"{query} {word}" for word in words if word not in query.split()))
    for query in QUERIES:
        for first in words:
            found.update(dict.fromkeys(f"{query} {first} {second}" for second in words if second != first))
            if len(found) >= count:
                return list(found)[:count]
    return list(found)[:count]
