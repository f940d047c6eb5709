"""Search latency on the configured database (and cluster, if SEARCH_URL is set).

    DATABASE_URL=postgres://... python bench/search_latency.py [--rounds 5]

Seed first, e.g. `manage.py seed_demo --members 20000 --ideas 100000 --votes 1000000`
(which rebuilds the search index). Runs the queries of the relevance set and a mix
of one- to three-word queries through search.interface, as the search page, the
board's search box, the similar-ideas list and the autocomplete do, and prints p50
and p95 per operation. Measured in-process: what the engine costs, without HTTP.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["SEARCH_CACHE_SECONDS"] = "0"  # what the engine costs, not the answer cache

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from search import interface  # noqa: E402
from search.models import Entry  # noqa: E402

WORDS = [
    "export", "sync", "offline", "dark", "mode", "folders", "photos", "reports", "sharing", "links",
    "android", "tablets", "history", "version", "comments", "templates", "calendar", "keyboard",
    "Bewertung", "Synchronisierung", "exprot", "notifcations", "shortcut", "preview", "guests",
]  # fmt: skip
QUERIES = [
    "metered connection", "selective sync", "shared links expiry", "password link", "dark mode",
    "exports csv", "single sign-on", "slack notification", "keyboard shortcut", "Bewertung",
    "Rechnung Mehrwertsteuer", "notifcations slack", "pasword protected links", "blinding at night",
]  # fmt: skip


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(name: str, calls, rounds: int) -> tuple[str, int, float, float]:
    timings = []
    for _ in range(rounds):
        for call in calls:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
    return name, len(timings), statistics.median(timings), percentile(timings, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    chance = random.Random(7)  # noqa: S311 (benchmark inputs)
    mixed = [" ".join(chance.sample(WORDS, chance.randint(1, 3))) for _ in range(40)]
    texts = QUERIES + mixed
    request = RequestFactory(SERVER_NAME="localhost").get("/search/")  # as the page asks: links built per request
    engine = interface.cluster().name if interface.cluster() else f"database ({connection.vendor})"
    print(f"engine: {engine}; entries: {Entry.objects.count()} ({Entry.objects.filter(kind='idea').count()} ideas)")
    for text in texts[:5]:  # warm caches
        interface.search(text)
    rows = [
        measure(
            "search page (all kinds, facets)",
            [lambda t=t: interface.search(t, request=request) for t in texts],
            args.rounds,
        ),
        measure(
            "search ideas only",
            [lambda t=t: interface.search(t, kinds=["idea"], request=request) for t in texts],
            args.rounds,
        ),
        measure("board search box (ids)", [lambda t=t: interface.ids("idea", t) for t in texts], args.rounds),
        measure("similar ideas", [lambda t=t: interface.similar("idea", t) for t in texts], args.rounds),
        measure("autocomplete", [lambda t=t: interface.suggest(t[:4], request=request) for t in texts], args.rounds),
    ]
    print(f"{'operation':36} {'calls':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for name, calls, p50, p95 in rows:
        print(f"{name:36} {calls:>6} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
