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


def test_the_report_gives_shares_of_the_bare_view_and_checks_every_target():
    cost = {"queries": 3, "sql_ms": 1.5, "shared_queries": 0, "status": 200}
    small, large = run.SMALL.name, run.LARGE.name
    loads = {
        "bare": {"anonymous": load(1000)},
        "ideas_api": {"anonymous": load(900), "signed_in": load(250)},
        "idea_api": {"anonymous": load(700), "signed_in": load(510, errors=2)},
        "vote_toggle": {"signed_in": load(450)},
        "search_api": {"anonymous": load(300), "signed_in": load(300, server_p95=20)},
        "triage_segment": {"signed_in": load(30, server_p95=250)},
    }
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
            "connections": 16,
            "wrk_threads": 2,
            "gunicorn_workers": 4,
            "gunicorn_threads": 1,
            "sizes": {small: run.SMALL.__dict__, large: run.LARGE.__dict__},
        },  # fmt: skip
        "loads": {small: loads, large: loads},
        "queries": {size: {"costs": dict.fromkeys(BY_KEY, cost)} for size in (small, large)},
        "vote_check": {small: {"exact": True}, large: {"exact": False}},
    }
    result["targets"] = run._targets(result)

    report = run.render(result)

    assert "| Ideas list API, by votes (20) | signed in | 250 | 25.0% | 8.0 | 20.0 | 3.0 | 6.0 | 0 |" in report
    assert "| Ideas list API, by votes (20) | signed out | 900 | 90.0% |" in report
    assert "| Triage board, one segment, by weighted demand | staff | 30 | 3.0% |" in report
    met = {(row["size"], row["target"]): row["met"] for row in result["targets"]}
    assert met == {
        (small, "Ideas list API, by votes (20), signed in"): True,
        (small, "Ideas list API, by votes (20), signed out"): True,
        (small, "Idea detail API, signed in"): False,  # errors
        (small, "Idea detail API, signed out"): False,  # 70 % < 80 %
        (small, "Vote toggle API, signed in"): True,
        (large, "Ideas list API, by votes (20), signed in"): True,
        (large, "Ideas list API, by votes (20), signed out"): True,
        (large, "Idea detail API, signed in"): False,
        (large, "Idea detail API, signed out"): False,
        (large, "Vote toggle API, signed in"): False,  # counts not exact
        (large, "Search API, a new query, signed in"): True,  # p95 only at the large size
        (large, "Triage board, one segment, by weighted demand, signed in"): False,
    }
    assert "load average before [0.1, 0, 0]" in report
    assert "counts exact: NO" in report
