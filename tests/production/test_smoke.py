"""The production smoke test: Tandem started the way docs/production.md starts it, on a
database of its own, and a member's journey through the proxy.

`migrate`, `init_site`, `collectstatic` and `check --deploy` under the production
settings; two web nodes of gunicorn with deploy/gunicorn.conf.py behind Debian's nginx
with deploy/nginx/tandem-locations.conf (TLS with a certificate made here); a Celery
worker per queue and beat; PostgreSQL and two Redis servers of the test's own; search
on the OpenSearch engine (osmem-server answering as OpenSearch does). Then:
sign up, verify, sign in, post, vote, a status change that reaches the follower by
email, the idea found on the search page once the search worker indexed it, a data
export built by a worker and downloaded from a web node, the session and
votes seen on both nodes, sign-in limits counted across both, /readyz with live workers
and beat, /metrics, and JSON log lines that carry the request id into the tasks.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
import urllib3
from django.conf import settings

from tests.faults.redis_server import PrivateRedis
from tests.faults.servers import Browser, Gunicorn, Nginx
from tests.faults.worker import ROOT, wait_for
from tests.search.clusters import OpenSearchAnswers

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="production runs on PostgreSQL"
    ),
]
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

ADMIN_EMAIL, ADMIN_PASSWORD = "operator@example.org", "Operator-password-2026"
MEMBER_EMAIL, MEMBER_PASSWORD = "grace@example.org", "Grace-password-2026!"
METRICS_TOKEN = secrets.token_urlsafe(24)
# The browser tests allow Django's async-unsafe calls for their own process only.
CLEAN_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}


class Site:
    """Everything production runs, started in the order the guide gives."""

    def __init__(self, folder: Path, search_url: str):
        self.folder = folder
        self.search_url = search_url
        self.mail = folder / "mail"
        self.mail.mkdir()
        server = settings.DATABASES["default"]
        self.server = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}"
        self.database = f"tandem_smoke_{uuid.uuid4().hex[:8]}"
        self.cache, self.broker = PrivateRedis(), PrivateRedis()
        self.processes: list[tuple[subprocess.Popen, Path]] = []
        self.nodes: list[Gunicorn] = []
        self.proxy: Nginx | None = None
        self.env: dict[str, str] = {}

    def start(self) -> None:
        self.cache.start()
        self.broker.start()
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        placeholder = Nginx(self.folder, [], ROOT / "var")  # its port is the public address
        self.env = {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "BASE_URL": placeholder.base,
            "CSRF_TRUSTED_ORIGINS": placeholder.base,
            "DATABASE_URL": f"{self.server}/{self.database}",
            "CACHE_URL": self.cache.url.replace("/0", "/1"),
            "CELERY_BROKER_URL": self.broker.url,
            "SEARCH_ENGINE": "opensearch",
            "SEARCH_URL": self.search_url,
            "EMAIL_URL": f"filemail:///{self.mail}",
            "PROXY_COUNT": "1",
            "METRICS_TOKEN": METRICS_TOKEN,
            "LOG_FORMAT": "json",
            "HEARTBEAT_SECONDS": "2",
            "HEARTBEAT_LATE_SECONDS": "10",
            "ADMIN_EMAIL": ADMIN_EMAIL,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "CELERY_BEAT_SCHEDULE_FILENAME": str(self.folder / "celerybeat-schedule"),
        }
        for command in (
            ["migrate", "--no-input", "-v", "0"],
            ["init_site", "--no-input"],
            ["collectstatic", "--no-input", "-v", "0"],
            ["check", "--deploy", "--fail-level", "WARNING"],
        ):
            self.manage(*command)
        for _ in range(2):
            node = Gunicorn(self.folder / f"node{len(self.nodes)}", database_url=self.env["DATABASE_URL"],
                            cache_url=self.env["CACHE_URL"], broker_url=self.broker.url, **self.env)  # fmt: skip
            node.log.parent.mkdir()
            node.start(workers=1, threads=4, deploy_config=True)
            self.nodes.append(node)
        for queue in settings.CELERY_QUEUE_NAMES:
            self.run(["celery", "-A", "config", "worker", "-Q", queue, "-n", f"{queue}@smoke", "--concurrency=1",
                      "--without-mingle", "--without-gossip", "--loglevel=INFO"], f"worker-{queue}")  # fmt: skip
        self.run(["celery", "-A", "config", "beat", "--loglevel=INFO"], "beat")
        self.proxy = placeholder
        self.proxy.upstreams = [f"127.0.0.1:{node.port}" for node in self.nodes]
        self.proxy.start()

    def manage(self, *arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=ROOT, env={**CLEAN_ENVIRONMENT, **self.env},
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, f"manage.py {' '.join(arguments)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def run(self, command: list[str], name: str) -> None:
        log = self.folder / f"{name}.log"
        with log.open("ab") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", *command], cwd=ROOT, env={**CLEAN_ENVIRONMENT, **self.env},
                stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.processes.append((process, log))

    def log_lines(self, name: str) -> list[dict]:
        text = (self.folder / f"{name}.log").read_text()
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    def mail_to(self, address: str) -> list[str]:
        found = []
        for path in sorted(self.mail.iterdir()):
            for message in path.read_text().split("-" * 79):
                if re.search(rf"^To: {re.escape(address)}$", message, re.MULTILINE):
                    found.append(message)
        return found

    def stop_services(self) -> None:
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
        for process, _log in self.processes:
            process.terminate()
        for process, _log in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []
        for node in self.nodes:
            node.stop()

    def stop(self) -> None:
        self.stop_services()
        self.cache.stop()
        self.broker.stop()
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture
def site(tmp_path, osmem_clone):
    with OpenSearchAnswers(osmem_clone.url) as search:
        running = Site(tmp_path, search.url)
        try:
            running.start()
            yield running
        finally:
            for log in sorted(tmp_path.glob("*.log")):
                sys.stdout.write(f"--- {log.name}\n{log.read_text()[-4000:]}\n")  # shown when the test fails
            running.stop()


def json_request(browser: Browser, method: str, path: str, body: dict | None = None):
    headers = {"X-CSRFToken": browser.cookies["__Host-csrftoken"], "Content-Type": "application/json"}
    return browser.request(method, f"/api/v1{path}", data=json.dumps(body or {}), headers=headers)


def test_a_fresh_production_site_serves_a_members_whole_journey(site):
    public = Browser(site.proxy.base)
    home = public.request("GET", "/")
    assert home.status_code == 200, home.text[:500]
    assert public.request("GET", "/ideas/").status_code == 200
    assert public.request("GET", "/api/v1/ideas/").json()["count"] == 0  # no demo content
    assert public.request("GET", "/static/css/tandem.css").status_code == 200

    # Sign up and verify the address from the email, as a new member does.
    member = Browser(site.proxy.base, source="127.0.0.5")
    form = member.request("GET", "/accounts/signup/")
    signed_up = member.request("POST", "/accounts/signup/", data={
        "email": MEMBER_EMAIL, "password1": MEMBER_PASSWORD, "password2": MEMBER_PASSWORD,
        "display_name": "Grace", "csrfmiddlewaretoken": Browser.csrf(form),
    })  # fmt: skip
    assert signed_up.status_code == 302, signed_up.text[:1000]
    assert wait_for(lambda: site.mail_to(MEMBER_EMAIL), 20)
    link = re.search(r"https://127\.0\.0\.1:\d+(/accounts/confirm-email/[^\s/]+/)", site.mail_to(MEMBER_EMAIL)[0])
    assert link, site.mail_to(MEMBER_EMAIL)[0]
    # The link confirms and, in the session that signed up, signs in.
    assert member.request("GET", link.group(1)).status_code == 302
    assert "Grace" in member.request("GET", "/").text
    member.request("GET", "/ideas/")  # the CSRF cookie for the API

    # Post, vote, choose email for status changes.
    assert json_request(member, "PUT", "/me/notification-settings/", {"channels": {"idea_status": "email"}}).ok
    posted = json_request(member, "POST", "/ideas/", {"title": "Export to spreadsheets", "body": "Weekly, please."})
    assert posted.status_code == 201, posted.text
    idea = posted.json()["id"]
    voted = json_request(member, "POST", f"/ideas/{idea}/vote/")
    assert voted.json() == {"voted": True, "vote_count": 1}

    # The search worker indexes the new idea in OpenSearch; the search page finds it there.
    def found_in_the_cluster() -> bool:
        page = public.request("GET", "/search/", params={"q": "spreadsheets"}).text
        return "Export to spreadsheets" in page and "simpler mode" not in page

    assert wait_for(found_in_the_cluster, 30), public.request("GET", "/search/", params={"q": "spreadsheets"}).text
    assert "opensearch:idea: 1 indexed, 0 missing, 0 stale" in site.manage("search_index", "--check", "--kind", "idea")

    # Both web nodes know the member and the vote at once.
    for node in site.nodes:
        direct = Browser(node.base)
        direct.cookies = dict(member.cookies)
        seen = direct.request("GET", f"/api/v1/ideas/{idea}/").json()
        assert (seen["vote_count"], seen["viewer"]["voted"]) == (1, True), node.base

    # A product manager moves the idea (the service the admin's status form calls); the
    # follower hears it by email through the default and email queues' workers.
    site.manage("shell", "-c", (
        "from community.models import User; from ideas.models import Idea, Status; from ideas import services; "
        f"services.change_status(Idea.objects.get(pk={idea}), Status.objects.get(slug='planned'), "
        f"User.objects.get(email='{ADMIN_EMAIL}'), 'On the roadmap for spring.')"
    ))  # fmt: skip
    assert wait_for(lambda: any("Planned" in message for message in site.mail_to(MEMBER_EMAIL)), 60), site.mail_to(
        MEMBER_EMAIL
    )

    # A data export built by a worker is downloaded from a web node.
    privacy = member.request("GET", "/privacy/")
    asked = member.request("POST", "/privacy/export/", data={"csrfmiddlewaretoken": Browser.csrf(privacy)})
    assert asked.status_code == 302
    export_request_id = asked.headers["X-Request-ID"]

    def download_link() -> str | None:
        found = re.search(r'href="(/privacy/exports/\d+/)"', member.request("GET", "/privacy/").text)
        return found.group(1) if found else None

    assert wait_for(download_link, 60)
    download = member.request("GET", download_link())
    assert download.status_code == 200
    assert json.loads(download.content)["account"]["email"] == MEMBER_EMAIL

    # Sign-in limits are counted across both nodes (the proxy alternates between them).
    stranger = Browser(site.proxy.base, source="127.0.0.6")
    outcomes = []
    for n in range(11):
        page = stranger.request("GET", "/accounts/login/")
        tried = stranger.request("POST", "/accounts/login/", data={
            "login": f"nobody{n}@example.org", "password": "wrong-password", "csrfmiddlewaretoken": Browser.csrf(page),
        })  # fmt: skip
        outcomes.append("limited" if "Too many failed login attempts" in tried.text else tried.status_code)
    assert outcomes == [200] * 10 + ["limited"]
    for node in site.nodes:
        assert any(line.get("path") == "/accounts/login/" for line in node.json_lines()), "both nodes served"

    # Health: every queue has a live worker, beat ticks.
    def ready() -> dict | None:
        body = public.request("GET", "/readyz").json()
        return body if body["status"] == "ready" else None

    assert wait_for(ready, 30), public.request("GET", "/readyz").json()
    checks = ready()["checks"]
    assert checks["workers"]["queues_without_worker"] == []
    assert checks["beat"]["status"] == "up"
    assert {"database", "cache", "broker", "storage", "outbox"} <= set(checks)
    assert checks["search"] == {"status": "up", "engine": "opensearch"}
    assert json.loads(site.manage("health", "--strict"))["status"] == "ready"

    # Metrics, for the scraper with the token only; Prometheus scrapes each node.
    assert public.request("GET", "/metrics").status_code == 401
    scraped = []
    for node in site.nodes:
        metrics = Browser(node.base).request("GET", "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert metrics.status_code == 200
        scraped.append(metrics.text)
    assert any(re.search(r'^tandem_http_requests_total\{.*status="201".*\} 1\.0$', text, re.M) for text in scraped)
    assert all(re.search(r'^tandem_http_requests_total\{.*method="POST".*\} ', text, re.M) for text in scraped)
    assert 'tandem_celery_queue_length{queue="email"}' in scraped[0]
    assert "tandem_beat_heartbeat_age_seconds" in scraped[0]

    # JSON lines everywhere; the export's request id reaches the worker that built it.
    node_lines = [line for node in site.nodes for line in node.json_lines()]
    assert any(line["logger"] == "gunicorn.access" and line.get("request_id") for line in node_lines)
    assert any(
        line.get("request_id") == export_request_id and line["logger"] == "tandem.request" for line in node_lines
    )
    built = [
        line for line in site.log_lines("worker-default") if line.get("task_name") == "community.tasks.build_export"
    ]
    assert built and {line.get("request_id") for line in built} == {export_request_id}
    assert all({"time", "level", "task_id"} <= set(line) for line in built)

    # A worker killed and beat stopped: /readyz names them within the late limit (10 s here).
    for process, log in site.processes:
        if log.name in ("worker-webhooks.log", "beat.log"):
            process.kill()

    def noticed() -> dict | None:
        body = public.request("GET", "/readyz").json()
        checks = body["checks"]
        gone = checks["workers"]["queues_without_worker"] == ["webhooks"] and checks["beat"]["status"] == "down"
        return body if gone else None

    assert wait_for(noticed, 40), public.request("GET", "/readyz").json()
    assert noticed()["status"] == "degraded"  # the site still serves

    # The backup drill on what the journey left, with everything stopped.
    site.stop_services()
    drill = subprocess.run(
        ["bash", str(ROOT / "deploy" / "backup-drill")], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**CLEAN_ENVIRONMENT, **site.env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
    )  # fmt: skip
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "Every product's rating matches its reviews." in drill.stdout
    assert "database:idea: 1 indexed, 0 missing, 0 stale" in drill.stdout
    assert "rows: identical" in drill.stdout
