"""`make run` serves where HOST and PORT say, and the links it sends (emails, "did
this solve it?") point there too, unless BASE_URL is given."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dry_run(*arguments: str) -> str:
    result = subprocess.run(["make", "-n", "run", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_links_follow_the_port_make_run_serves_on():
    commands = dry_run("PORT=8123")

    assert "BASE_URL=http://127.0.0.1:8123 .venv/bin/python manage.py runserver 127.0.0.1:8123" in commands


def test_a_given_base_url_wins():
    commands = dry_run("PORT=8123", "BASE_URL=https://community.example.org")

    assert "BASE_URL=https://community.example.org .venv/bin/python manage.py runserver 127.0.0.1:8123" in commands
