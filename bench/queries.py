"""SQL queries and their time per endpoint, for one request through Django's test client.

    DATABASE_URL=postgres://... python bench/queries.py [--json]

`make bench` runs it on the small and the large database; the tests call `measure`
to hold every endpoint to its budget (bench/endpoints.py): the queries of a request
the shared page cache does not answer (signed in, or the first reader), after the
site-wide caches are warm. "Shared" is what an anonymous reader costs after that.
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
    queries: int  # the page rendered for this reader
    sql_ms: float
    shared_queries: int  # served to an anonymous reader from the shared page cache
    status: int


def _request(client: Client, method: str, path: str) -> tuple[int, float, int]:
    body = {"data": "{}", "content_type": "application/json"} if method == "post" else {}
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, secure=True, **body)
    return len(captured), sum(float(query["time"]) for query in captured.captured_queries) * 1000, response.status_code


def measure(endpoint: Endpoint, targets: Targets, client: Client) -> Cost:
    """The endpoint's first path, rendered (a first request warms what every page shares:
    the site, the menus; searches ask the engine) and then served from the shared page cache. The vote toggle
    casts then withdraws a vote (the client must be signed in): the dearer of the two."""
    path = endpoint.paths(targets)[0]
    cache.clear()
    if endpoint.key == "vote_toggle":
        _request(client, "post", path), _request(client, "delete", path)
        cast = _request(client, "post", path)
        withdrawn = _request(client, "delete", path)
        queries, sql_ms, status = max(cast, withdrawn)
        return Cost(queries, round(sql_ms, 1), queries, max(cast[2], withdrawn[2]))
    with override_settings(ANONYMOUS_CACHE_SECONDS=0, SEARCH_CACHE_SECONDS=0):
        _request(client, "get", path)
        queries, sql_ms, status = _request(client, "get", path)
    with override_settings(ANONYMOUS_CACHE_SECONDS=60):
        _request(client, "get", path)
        shared, _ms, _status = _request(client, "get", path)
    return Cost(queries, round(sql_ms, 1), shared, status)


def measure_all(targets: Targets, member) -> dict[str, Cost]:
    """Every endpoint but the bare view; `member` signs in for the vote toggle."""
    costs = {}
    for endpoint in ENDPOINTS:
        if endpoint.budget is None:
            continue
        client = Client()
        if endpoint.signed_in:
            client.force_login(member)
        costs[endpoint.key] = measure(endpoint, targets, client)
    return costs


def _bench_member(targets: Targets):
    """A demo member who has not voted on the first target idea."""
    from community.models import User
    from ideas.models import Vote

    first = targets.ideas[0][0]
    voted = Vote.objects.filter(idea_id=first).values("member_id")
    return User.objects.filter(email__endswith="@example.com", is_active=True, is_staff=False).exclude(pk__in=voted)[0]


def main() -> None:
    from ideas.models import Idea

    targets = find_targets(ideas=1)
    costs = measure_all(targets, _bench_member(targets))
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
