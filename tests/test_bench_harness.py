"""`make bench` says plainly what it misses, and reports what it measured."""

import pytest

from bench import run
from bench.endpoints import BY_KEY


def test_it_refuses_without_postgresql(capsys):
    with pytest.raises(SystemExit) as stopped:
        run._check_postgres("postgres://postgres@127.0.0.1:1")

    assert stopped.value.code == 2
    assert "needs PostgreSQL" in capsys.readouterr().err


def test_it_refuses_without_redis(capsys):
    with pytest.raises(SystemExit) as stopped:
        run._check_redis("redis://127.0.0.1:1")

    assert stopped.value.code == 2
    assert "needs Redis" in capsys.readouterr().err


def test_it_refuses_without_wrk(monkeypatch, capsys):
    monkeypatch.setattr(run.shutil, "which", lambda name: None)
    monkeypatch.setattr(run.sys, "argv", ["run.py"])

    with pytest.raises(SystemExit) as stopped:
        run.main()

    assert stopped.value.code == 2
    assert "apt-get install wrk" in capsys.readouterr().err


def test_a_failing_step_stops_the_run_and_shows_its_error(capsys):
    failing = [run.PYTHON, "-c", "import sys; print('half a line'); sys.exit('Missing staticfiles manifest entry')"]

    with pytest.raises(SystemExit) as stopped:
        run._run_json(failing, env={})

    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Missing staticfiles manifest entry" in err
    assert "failed (exit 1)" in err


def load(rps: float, server_p50: float = 3.0, server_p95: float = 6.0, errors: int = 0) -> dict:
    return {"requests": int(rps * 10), "rps": rps, "p50_ms": 8.0, "p99_ms": 20.0, "errors": errors,
            "server_p50_ms": server_p50, "server_p95_ms": server_p95}  # fmt: skip


def test_the_report_compares_with_the_bare_view_and_checks_the_targets():
    cost = {"queries": 3, "sql_ms": 1.5, "shared_queries": 0, "status": 200}
    result = {
        "when": "2026-11-23T22:00:00+00:00",
        "machine": {
            "cpus": 2,
            "cpu": "Test CPU",
            "memory_mb": 1024,
            "python": "3.11",
            "load_before": [0.1, 0, 0],
            "load_after": [1.0, 0, 0],
        },  # fmt: skip
        "settings": {
            "duration_s": 10,
            "connections": 8,
            "wrk_threads": 2,
            "gunicorn_workers": 4,
            "loaded": run.LARGE.__dict__,
        },  # fmt: skip
        "loads": {
            "bare": load(1000),
            "ideas_api": load(250),
            "board_page": load(400, server_p50=40),
            "vote_toggle": load(700),
            "search_api": load(300, server_p95=20),
        },  # fmt: skip
        "queries": {size.name: {"costs": dict.fromkeys(BY_KEY, cost)} for size in (run.SMALL, run.LARGE)},
        "vote_check": {"exact": True},
    }
    result["targets"] = run._targets(result)

    report = run.render(result)

    assert "| Ideas list API, by votes (20) | 250 | 8.0 | 20.0 | 0 | 25% | 3.0 | 6.0 |" in report
    met = {row["target"]: row["met"] for row in result["targets"]}
    assert met == {
        "Ideas list API vs bare view": False,
        "Board page p50 server time": False,
        "Vote toggle, counts exact": True,
        "Search API p95 server time": True,
    }
    assert "load average before [0.1, 0, 0]" in report
