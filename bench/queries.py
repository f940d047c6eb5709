"""SQL queries and their time per endpoint, for one request through Django's test client.

    DATABASE_URL=postgres://... python bench/queries.py [--json]

`make bench` runs it on the small and the large database; the tests call `measure`
to hold every endpoint to its budget (bench/endpoints.py): the queries of a signed-in
member's request (staff's for the triage desk), after the site-wide caches are warm.
"Shared" is what an anonymous reader costs once the shared page cache holds the page.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench.endpoints import ENDPOINTS, Endpoint, Targets, find_targets


@dataclass(frozen=True)
class Cost:
    queries: int  # rendered for a signed-in reader
    sql_ms: float
    shared_queries: int  # served to an anonymous reader from the shared page cache
    status: int


def _request(client: Client, method: str, path: str) -> tuple[int, float, int]:
    body = {"data": "{}", "content_type": "application/json"} if method == "post" else {}
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, secure=True, **body)
    return len(captured), sum(float(query["time"]) for query in captured.captured_queries) * 1000, response.status_code


def measure(endpoint: Endpoint, targets: Targets, client: Client) -> Cost:
    """The endpoint's first path for the signed-in `client` (a first request warms what
    every page shares: the site, the menus; searches ask the engine), and what an
    anonymous reader costs once the shared page cache holds it. The vote toggle casts
    then withdraws a vote: the dearer of the two."""
    path = endpoint.paths(targets)[0]
    cache.clear()
    if endpoint.key == "vote_toggle":
        _request(client, "post", path), _request(client, "delete", path)
        cast = _request(client, "post", path)
        withdrawn = _request(client, "delete", path)
        queries, sql_ms, status = max(cast, withdrawn)
        return Cost(queries, round(sql_ms, 1), queries, max(cast[2], withdrawn[2]))
    with override_settings(ANONYMOUS_CACHE_SECONDS=0, SEARCH_CACHE_SECONDS=0, STAFF_REQUIRE_MFA=False):
        _request(client, "get", path)
        queries, sql_ms, status = _request(client, "get", path)
    shared = queries
    if endpoint.reader == "anyone":
        anonymous = Client()
        with override_settings(ANONYMOUS_CACHE_SECONDS=60):
            _request(anonymous, "get", path)
            shared, _ms, _status = _request(anonymous, "get", path)
    return Cost(queries, round(sql_ms, 1), shared, status)


def measure_all(targets: Targets, member, staff) -> dict[str, Cost]:
    """Every endpoint but the bare view, `member` signed in (`staff` for the triage desk)."""
    costs = {}
    for endpoint in ENDPOINTS:
        if endpoint.budget is None:
            continue
        client = Client()
        client.force_login(staff if endpoint.reader == "staff" else member)
        costs[endpoint.key] = measure(endpoint, targets, client)
    return costs


def _bench_member(targets: Targets):
    """A demo member who has not voted on the first target idea."""
    from community.models import User
    from ideas.models import Vote

    first = targets.ideas[0][0]
    voted = Vote.objects.filter(idea_id=first).values("member_id")
    return User.objects.filter(email__endswith="@example.com", is_active=True, is_staff=False).exclude(pk__in=voted)[0]


def bench_staff():
    """The demo's administrator (seed_demo makes one): the triage desk's reader."""
    from community.models import User

    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def main() -> None:
    from ideas.models import Idea

    targets = find_targets(ideas=1)
    costs = measure_all(targets, _bench_member(targets), bench_staff())
    report = {"ideas": Idea.objects.count(), "costs": {key: asdict(cost) for key, cost in costs.items()}}
    if "--json" in sys.argv:
        print(json.dumps(report))
        return
    print(f"{report['ideas']} ideas")
    for key, cost in costs.items():
        shared = f"shared {cost.shared_queries} (HTTP {cost.status})"
        print(f"{key:14} {cost.queries:3} queries {cost.sql_ms:8.1f} ms SQL, {shared}")


if __name__ == "__main__":
    main()
