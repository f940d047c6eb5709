"""`make bench`: Tandem under load at 1 000 and 100 000 ideas, against a bare Django view.

    python bench/run.py [--duration 10] [--connections 16] [--workers 4] [--reseed] [--small]

Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432),
Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379) and wrk (Debian's package).
It fills two databases once (tandem_bench_small: 1 000 ideas; tandem_bench: 100 000
ideas, 1 000 000 votes, 20 000 members, 100 000 reviews) and keeps them for later
runs; counts the SQL queries of every endpoint on both. Then, for each size, it starts
gunicorn with the production settings on loopback (as behind a TLS proxy) and runs wrk
against each endpoint in turn: the bare view, every page and API signed out (the shared
page cache) and signed in (rendered for the member, cycling through thousands of
members' sessions), the vote toggle, new searches and the triage desk as staff. Each
figure is also a share of the bare view's requests/s in the same run, so the machine's
noise cancels; each target of bench/endpoints.py is marked met or not. Server time
comes from gunicorn's access log. The table is printed and written to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import ANONYMOUS_SHARE, ENDPOINTS  # noqa: E402

PYTHON = sys.executable
WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
WRK_SCRIPTS = ROOT / "bench" / "wrk"


@dataclass(frozen=True)
class Size:
    name: str
    database: str
    members: int
    ideas: int
    votes: int
    reviews: int


SMALL = Size("1 000 ideas", "tandem_bench_small", members=1_000, ideas=1_000, votes=10_000, reviews=1_000)
LARGE = Size("100 000 ideas", "tandem_bench", members=20_000, ideas=100_000, votes=1_000_000, reviews=100_000)


class Refused(SystemExit):
    """What is missing or what failed, said plainly, and the exit code 2."""

    def __init__(self, message: str):
        print(f"make bench: {message}", file=sys.stderr)
        super().__init__(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per endpoint (default 10).")
    parser.add_argument("--connections", type=int, default=16, help="Open connections (default 16).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2).")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2, help="gunicorn workers.")
    parser.add_argument("--gunicorn-threads", type=int, default=1, help="Threads per gunicorn worker.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", nargs="*", default=None, help="Endpoint keys to load (default: all).")
    parser.add_argument("--reseed", action="store_true", help="Fill the databases again from scratch.")
    parser.add_argument("--small", action="store_true", help="Only the small database: a quick check of the harness.")
    args = parser.parse_args()

    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise Refused("wrk is not installed. Install Debian's package: apt-get install wrk")
    _check_postgres(postgres)
    _check_redis(redis)
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = _environment(postgres, redis)

    load_before = os.getloadavg()
    sizes = (SMALL,) if args.small else (SMALL, LARGE)
    for size in sizes:
        _ensure_data(size, postgres, args.reseed)
    # Pages name their files through the production manifest: collect it before any page renders.
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    print("Counting SQL queries per endpoint ...", flush=True)
    queries = {size.name: _run_json([PYTHON, "bench/queries.py", "--json"], _at(env, postgres, size)) for size in sizes}

    loads, vote_checks, sessions = {}, {}, {}
    for size in sizes:
        at = _at(env, postgres, size)
        _run_json([PYTHON, "bench/paths.py", str(WORK)], at)
        sessions[size.name] = _run_json([PYTHON, "bench/sessions.py", "prepare", str(WORK)], at)
        loads[size.name] = {}
        try:
            with _gunicorn(at, args) as log:
                for endpoint in ENDPOINTS:
                    if args.only and endpoint.key not in args.only and endpoint.key != "bare":
                        continue
                    loads[size.name][endpoint.key] = _load_endpoint(wrk, endpoint, args, log, size)
        finally:
            vote_checks[size.name] = _run_json([PYTHON, "bench/sessions.py", "verify", str(WORK)], at)

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(load_before),
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "gunicorn_workers": args.workers,
            "gunicorn_threads": args.gunicorn_threads,
            "sessions": sessions,
            "sizes": {size.name: size.__dict__ for size in sizes},
        },
        "loads": loads,
        "queries": queries,
        "vote_check": vote_checks,
    }
    result["targets"] = _targets(result)
    markdown = render(result)
    print()
    print(markdown)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for name in (stamp, "latest"):
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / f"{name}.md").write_text(markdown)
    print(f"Written to bench/results/{stamp}.json and .md (and latest.*).")


def _check_postgres(postgres: str) -> None:
    import psycopg

    try:
        psycopg.connect(f"{postgres}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        raise Refused(
            f"the benchmark needs PostgreSQL, and none answers at {postgres} ({str(error).strip()}). "
            "Start it (pg_ctlcluster <version> main start) or set BENCH_POSTGRES_URL."
        ) from None


def _check_redis(redis: str) -> None:
    import redis as client

    try:
        client.Redis.from_url(f"{redis}/0", socket_connect_timeout=3).ping()
    except client.RedisError as error:
        raise Refused(
            f"the benchmark needs Redis for the cache, and none answers at {redis} ({error}). "
            "Start it (redis-server --daemonize yes) or set BENCH_REDIS_URL."
        ) from None


def _environment(postgres: str, redis: str) -> dict[str, str]:
    """Production settings (bench.settings) on loopback: Redis cache, tasks queued to a
    broker nobody reads during the run (the load measures the web process)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "CACHE_URL": f"{redis}/5",
        "CELERY_BROKER_URL": f"{redis}/6",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "BASE_URL": "https://127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "STAFF_REQUIRE_MFA": "false",
        "DATABASE_CONN_MAX_AGE": "600",
    }


def _at(env: dict[str, str], postgres: str, size: Size) -> dict[str, str]:
    return {**env, "DATABASE_URL": f"{postgres}/{size.database}"}


def _ensure_data(size: Size, postgres: str, reseed: bool) -> None:
    """Seeds the size's database unless it already holds that much data."""
    import psycopg

    url = f"{postgres}/{size.database}"
    with psycopg.connect(f"{postgres}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [size.database]).fetchone()
        if exists and not reseed and _holds(url, size):
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
            subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
            print(f"{size.name}: {size.database} is ready.", flush=True)
            return
        if exists:
            admin.execute(f'DROP DATABASE "{size.database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{size.database}"')
    print(f"{size.name}: seeding {size.database} (the large one takes a while) ...", flush=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "LOG_LEVEL": "WARNING"}
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    command = [PYTHON, "manage.py", "seed_demo", "--members", str(size.members), "--ideas", str(size.ideas),
               "--votes", str(size.votes), "--reviews", str(size.reviews)]  # fmt: skip
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    print(f"{size.name}: seeded in {time.monotonic() - started:.0f} s.", flush=True)


def _holds(url: str, size: Size) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            ideas = connection.execute("SELECT count(*) FROM ideas_idea").fetchone()[0]
            reviews = connection.execute("SELECT count(*) FROM reviews_review").fetchone()[0]
    except psycopg.Error:
        return False
    return ideas >= size.ideas and reviews >= size.reviews


def _run_json(command: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr[-4000:], file=sys.stderr)
        raise Refused(f"{' '.join(command[1:])} failed (exit {done.returncode}); its error is above.")
    return json.loads(done.stdout.strip().splitlines()[-1])


class _gunicorn:
    """gunicorn serving bench.wsgi on loopback, its access log giving each request's time."""

    def __init__(self, env: dict[str, str], args):
        self.env, self.args = env, args
        self.log = WORK / "access.log"

    def __enter__(self) -> Path:
        self.log.write_text("")
        command = [
            str(Path(PYTHON).parent / "gunicorn"), "bench.wsgi:application",
            "--bind", f"127.0.0.1:{self.args.port}", "--workers", str(self.args.workers),
            "--access-logfile", str(self.log), "--access-logformat", "%(U)s %(s)s %(D)s",
            "--threads", str(self.args.gunicorn_threads), "--log-level", "warning", "--timeout", "60",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.args.port}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return self.log
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise Refused("gunicorn did not answer /healthz within 60 s.")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _load_endpoint(wrk: str, endpoint, args, log: Path, size: Size) -> dict:
    """The endpoint's loads: signed out (unless only members may ask) and signed in."""
    figures = {}
    if not endpoint.signed_in:
        print(f"{size.name}: {endpoint.label}, signed out ...", flush=True)
        figures["anonymous"] = _load(wrk, endpoint.key, args, log)
    if endpoint.budget is not None:
        print(f"{size.name}: {endpoint.label}, signed in ...", flush=True)
        sessions = WORK / ("staff.txt" if endpoint.reader == "staff" else "members.txt")
        figures["signed_in"] = _load(wrk, endpoint.key, args, log, sessions)
    return figures


def _load(wrk: str, key: str, args, log: Path, sessions: Path | None = None) -> dict:
    url = f"http://127.0.0.1:{args.port}"
    if key == "vote_toggle":
        origin = f"https://127.0.0.1:{args.port}"
        script = [str(WRK_SCRIPTS / "votes.lua"), url, "--", str(WORK / "votes.txt"), str(args.threads), origin]
    else:
        script = [str(WRK_SCRIPTS / "paths.lua"), url, "--", str(WORK / f"{key}.paths")]
        script += [str(sessions)] if sessions else []
        if not key.startswith("search"):  # a search is asked once: the warm-up would answer it
            _wrk(wrk, args, script, seconds=2)  # warm up: connections, caches, the database's buffers
    start = log.stat().st_size
    figures = _wrk(wrk, args, script, seconds=args.duration)
    with log.open() as lines:
        lines.seek(start)
        times = [int(line.split()[2]) / 1000 for line in lines if line.count(" ") == 2]
    seconds = figures["duration_us"] / 1e6
    errors = sum(figures["errors"].values())
    return {
        "requests": figures["requests"],
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["latency_us"]["p50"] / 1000, 1),
        "p99_ms": round(figures["latency_us"]["p99"] / 1000, 1),
        "errors": errors,
        "server_p50_ms": round(statistics.median(times), 1) if times else None,
        "server_p95_ms": round(_percentile(times, 0.95), 1) if times else None,
    }


def _wrk(wrk: str, args, script: list[str], seconds: int) -> dict:
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s", "-s", *script]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _machine(load_before: tuple[float, float, float]) -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), platform.processor()
    )
    memory = next((int(line.split()[1]) // 1024 for line in meminfo if line.startswith("MemTotal")), 0)
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": memory,
        "python": platform.python_version(),
        "load_before": [round(value, 2) for value in load_before],
        "load_after": [round(value, 2) for value in os.getloadavg()],
    }


def _targets(result: dict) -> list[dict]:
    """Each target of bench/endpoints.py at each size: what it asks, what this run reached."""
    checks = []
    last = list(result["loads"])[-1]
    for size, loads in result["loads"].items():
        bare = loads.get("bare", {}).get("anonymous", {}).get("rps")
        exact = bool((result["vote_check"].get(size) or {}).get("exact"))
        for endpoint in ENDPOINTS:
            load = loads.get(endpoint.key, {})
            member, anonymous = load.get("signed_in"), load.get("anonymous")
            if endpoint.target_share and member and bare:
                share = member["rps"] / bare
                reached = f"{share:.1%}"
                met = share >= endpoint.target_share and member["errors"] == 0
                if endpoint.key == "vote_toggle":
                    reached += f", counts exact: {'yes' if exact else 'NO'}"
                    met = met and exact
                wanted = f"≥ {endpoint.target_share:.0%} of bare"
                checks.append(_check(size, endpoint.label + ", signed in", wanted, reached, met))
            if endpoint.target_share and anonymous and bare:
                share = anonymous["rps"] / bare
                wanted = f"≥ {ANONYMOUS_SHARE:.0%} of bare"
                met = share >= ANONYMOUS_SHARE and anonymous["errors"] == 0
                checks.append(_check(size, endpoint.label + ", signed out", wanted, f"{share:.1%}", met))
            if endpoint.target_p95_ms and member and size == last:
                p95 = member["server_p95_ms"]
                wanted = f"server p95 ≤ {endpoint.target_p95_ms:g} ms"
                met = p95 is not None and p95 <= endpoint.target_p95_ms and member["errors"] == 0
                checks.append(_check(size, endpoint.label + ", signed in", wanted, f"{p95} ms", met))
    return checks


def _check(size: str, target: str, wanted: str, reached: str, met: bool) -> dict:
    return {"size": size, "target": target, "wanted": wanted, "reached": reached, "met": met}


def _cell(load: dict | None, bare: float | None) -> list[str]:
    if not load:
        return ["–"] * 7
    share = f"{load['rps'] / bare:.1%}" if bare else "–"
    return [f"{load['rps']:,.0f}", share, str(load["p50_ms"]), str(load["p99_ms"]), str(load["server_p50_ms"]),
            str(load["server_p95_ms"]), str(load["errors"])]  # fmt: skip


def render(result: dict) -> str:
    """The run as Markdown: per size the loads signed in and signed out as shares of the
    bare view, the queries, the targets, the machine."""
    machine, settings = result["machine"], result["settings"]
    lines = [
        f"# Tandem benchmark, {result['when']}",
        "",
        f"PostgreSQL, gunicorn {settings['gunicorn_workers']} workers × {settings.get('gunicorn_threads', 1)} "
        "threads with the production settings, Redis cache; "
        f"wrk {settings['wrk_threads']} threads, {settings['connections']} connections, "
        f"{settings['duration_s']} s per load. Signed in: a different member's session on each request, "
        "nothing from the shared page cache. Share: of the bare view's requests/s in the same run.",
    ]
    for size, loads in result["loads"].items():
        counts = settings["sizes"][size]
        bare = loads.get("bare", {}).get("anonymous", {}).get("rps")
        lines += [
            "",
            f"## {counts['ideas']:,} ideas, {counts['votes']:,} votes, {counts['members']:,} members, "
            f"{counts['reviews']:,} reviews",
            "",
            "| Endpoint | reader | req/s | share | p50 ms | p99 ms | server p50 ms | server p95 ms | errors |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for endpoint in ENDPOINTS:
            for reader, label in (("signed_in", "signed in"), ("anonymous", "signed out")):
                if load := loads.get(endpoint.key, {}).get(reader):
                    shown = "staff" if endpoint.reader == "staff" and reader == "signed_in" else label
                    lines.append(f"| {endpoint.label} | {shown} | " + " | ".join(_cell(load, bare)) + " |")
    measured = result["queries"]
    lines += [
        "",
        "SQL queries per signed-in request (an anonymous reader's from the shared page cache in brackets) "
        "and their total time:",
        "",
        "| Endpoint | budget | " + " | ".join(f"{name} | SQL ms" for name in measured) + " |",
        "| --- | ---: |" + " ---: | ---: |" * len(measured),
    ]
    for endpoint in ENDPOINTS:
        if endpoint.budget is None:
            continue
        cells = [
            f"{cost['queries']} ({cost['shared_queries']}) | {cost['sql_ms']}"
            for cost in (sized["costs"][endpoint.key] for sized in measured.values())
        ]
        lines.append(f"| {endpoint.label} | {endpoint.budget} | " + " | ".join(cells) + " |")
    lines += ["", "| Size | Target | wanted | reached | met |", "| --- | --- | --- | --- | --- |"]
    lines += [
        f"| {row['size']} | {row['target']} | {row['wanted']} | {row['reached']} | {'yes' if row['met'] else 'NO'} |"
        for row in result["targets"]
    ]
    lines += [
        "",
        f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['memory_mb']:,} MB, Python {machine['python']}; "
        f"load average before {machine['load_before']}, after {machine['load_after']}. "
        "wrk, gunicorn, PostgreSQL and Redis share these CPUs.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
