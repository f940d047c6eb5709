"""Real servers for the fault tests: gunicorn with the production settings, and a
PostgreSQL of a test's own that it may restart."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.faults.redis_server import free_port
from tests.faults.worker import ROOT, wait_for

HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front says


class Gunicorn:
    def __init__(self, folder: Path, *, database_url: str, cache_url: str, broker_url: str, **env: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "gunicorn.log"
        self.env = {
            **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "tests.faults.production_settings",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "CELERY_BROKER_URL": broker_url,
            "SECURE_SSL_REDIRECT": "false",
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self, workers: int = 1, threads: int = 1, *, deploy_config: bool = False) -> None:
        """deploy_config: as production runs it (deploy/gunicorn.conf.py, JSON lines on
        stdout, into self.log); else gunicorn's defaults with the workers given."""
        if deploy_config:
            env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers),
                   "GUNICORN_THREADS": str(threads)}  # fmt: skip
            command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "config.wsgi"]
            with self.log.open("ab") as output:
                self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        else:
            command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            options = ["--workers", str(workers), "--threads", str(threads), "--error-logfile", str(self.log)]
            self.process = subprocess.Popen([*command, *options], cwd=ROOT, env=self.env)
        assert wait_for(self._answers, 30), self.log.read_text() if self.log.exists() else "no log"

    def json_lines(self) -> list[dict]:
        import json

        return [json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{")]

    def _answers(self) -> bool:
        try:
            return requests.get(f"{self.base}/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


class Nginx:
    """Debian's nginx in front of web nodes, with TLS (a certificate made here) and the
    locations production uses (deploy/nginx/tandem-locations.conf)."""

    def __init__(self, folder: Path, upstreams: list[str], var: Path):
        self.folder = folder / "nginx"
        self.folder.mkdir()
        self.port = free_port()
        self.base = f"https://127.0.0.1:{self.port}"
        self.upstreams = upstreams
        self.var = var
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            pytest.skip("needs nginx (Debian's nginx package; make test installs it)")
        cert, key = self.folder / "cert.pem", self.folder / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        servers = "\n".join(f"    server {upstream};" for upstream in self.upstreams)
        temp = " ".join(
            f"{kind}_temp_path {self.folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.folder / "nginx.conf").write_text(
            f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {self.folder / "nginx.pid"};
error_log {self.folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {self.folder / "access.log"};
    {temp}
    upstream tandem_web {{
{servers}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{self.port} ssl;
        server_name 127.0.0.1;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        set $tandem_var {self.var};
        include {ROOT / "deploy" / "nginx" / "tandem-locations.conf"};
    }}
}}
"""
        )
        command = [binary, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"]
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE)
        assert wait_for(self._answers, 20), (self.folder / "error.log").read_text()

    def _answers(self) -> bool:
        try:
            return requests.get(f"{self.base}/healthz", timeout=1, verify=False).status_code == 200  # noqa: S501
        except requests.RequestException:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class FromAddress(requests.adapters.HTTPAdapter):
    """Connects from this local address (any of 127.0.0.0/8): another visitor."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Browser:
    """requests, sending the __Host- cookies that it would keep for HTTPS only. Straight
    to gunicorn it says X-Forwarded-Proto itself, as the TLS proxy would; through the
    proxy (an https base) the proxy says it. `source`: the address it connects from."""

    def __init__(self, base: str, source: str | None = None):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.session = requests.Session()
        self.session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))  # ours, below
        if source:
            self.session.mount("https://", FromAddress(source))
            self.session.mount("http://", FromAddress(source))

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        # CSRF over HTTPS wants a Referer of this very host, as a browser sends it.
        host = self.base.split("://", 1)[1]
        referer = {"Referer": f"https://{host}/"}
        proto = {} if self.base.startswith("https://") else HTTPS
        headers = {**proto, **referer, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.session.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=10, verify=False, **kwargs
        )  # not verified: the test proxy's own certificate
        self.cookies.update(response.cookies.get_dict())
        return response

    @staticmethod
    def csrf(page: requests.Response) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def sign_in(self, email: str, password: str) -> requests.Response:
        page = self.request("GET", "/accounts/login/")
        data = {"login": email, "password": password, "csrfmiddlewaretoken": self.csrf(page)}
        return self.request("POST", "/accounts/login/", data=data)

    def api(self, method: str, path: str) -> requests.Response:
        return self.request(method, f"/api/v1{path}", headers={"X-CSRFToken": self.cookies["__Host-csrftoken"]})


def _tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if found is None:
        pytest.skip(f"needs PostgreSQL's {name} (Debian's postgresql package)")
    return str(found)


class PrivatePostgres:
    """A PostgreSQL cluster in a folder, on a port of its own, holding a copy of this
    test run's database; run as the postgres user (initdb refuses root)."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path: the postgres user could not reach into it.
        self.folder = Path(tempfile.mkdtemp(prefix="tandem-pg-")) / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tandem"

    def _as_postgres(self, *command: str, **kwargs) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, capture_output=True, **kwargs)

    def start_with_a_copy(self) -> None:
        self.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.folder.parent, "postgres", "postgres")
            self.folder.parent.chmod(0o755)
        self._as_postgres(_tool("initdb"), "-D", str(self.folder), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        source = connection.settings_dict
        dump = subprocess.run(
            [_tool("pg_dump"), "-h", source["HOST"], "-p", str(source["PORT"]), "-U", source["USER"],
             "--no-owner", source["NAME"]],
            check=True, capture_output=True,
        )  # fmt: skip
        psql = [_tool("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q"]
        subprocess.run([*psql, "-c", "CREATE DATABASE tandem"], check=True, capture_output=True)
        subprocess.run(
            [*psql, "-d", "tandem", "-v", "ON_ERROR_STOP=1"], input=dump.stdout, check=True, capture_output=True
        )

    def _ctl(self, *arguments: str) -> None:
        # With a log file, so that the server does not hold on to our captured output.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [_tool("pg_ctl"), "-D", str(self.folder), "-o", options, "-l", str(self.folder.parent / "log")]
        self._as_postgres(*command, "-w", *arguments, timeout=60)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """As an operator's restart or a failover does: every connection is cut."""
        self._ctl("-m", "fast", "restart")

    def stop(self) -> None:
        if (self.folder / "postmaster.pid").exists():
            self._ctl("-m", "immediate", "stop")
        shutil.rmtree(self.folder.parent, ignore_errors=True)
