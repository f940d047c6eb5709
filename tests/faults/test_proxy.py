"""Behind Debian's nginx with the production locations and gunicorn with
deploy/gunicorn.conf.py: one client address for allauth's sign-in limits, django-axes
and the consent log (PROXY_COUNT=1), whatever X-Forwarded-For a visitor sends; request
ids from nginx in the JSON log lines; uploads served by nginx, exports never."""

from __future__ import annotations

import secrets
import uuid

import pytest
import urllib3
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings

from community.models import ConsentChange
from community.notifications import unsubscribe
from tests.factories import MemberFactory
from tests.faults.redis_server import PrivateRedis
from tests.faults.servers import Browser, Gunicorn, Nginx
from tests.faults.worker import database_url

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="production runs on PostgreSQL"
    ),
]
SERVER_KEY = secrets.token_urlsafe(64)  # so that this test can sign an unsubscribe link the server accepts
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


@pytest.fixture
def behind_nginx(board, tmp_path):
    cache = PrivateRedis()
    cache.start()
    var = tmp_path / "var"
    (var / "media" / "avatars").mkdir(parents=True)
    (var / "private" / "exports").mkdir(parents=True)
    server = Gunicorn(
        tmp_path, database_url=database_url(), cache_url=cache.url, broker_url="memory://",
        PROXY_COUNT="1", ALLOWED_HOSTS="127.0.0.1", LOG_FORMAT="json", SECRET_KEY=SERVER_KEY,
    )  # fmt: skip
    proxy = Nginx(tmp_path, [f"127.0.0.1:{server.port}"], var)
    try:
        server.start(workers=2, threads=2, deploy_config=True)
        proxy.start()
        yield proxy, server, var
    finally:
        proxy.stop()
        server.stop()
        cache.stop()


def failed_sign_in(browser: Browser, spoofed: str) -> str:
    """ "wrong" for a plain failure, "limited" once allauth refuses to try ("Too many failed…")."""
    page = browser.request("GET", "/accounts/login/", headers={"X-Forwarded-For": spoofed})
    data = {"login": f"nobody-{uuid.uuid4().hex[:8]}@example.org", "password": "wrong-password-1",
            "csrfmiddlewaretoken": Browser.csrf(page)}  # fmt: skip
    response = browser.request("POST", "/accounts/login/", data=data, headers={"X-Forwarded-For": spoofed})
    assert response.status_code == 200, response.status_code
    return "limited" if "Too many failed login attempts" in response.text else "wrong"


def test_one_address_per_visitor_whatever_they_forward_and_uploads_but_never_exports_served(behind_nginx):
    proxy, server, var = behind_nginx
    attacker = Browser(proxy.base, source="127.0.0.2")
    codes = [failed_sign_in(attacker, spoofed=f"198.51.100.{n}") for n in range(11)]
    # allauth: 10 failed sign-ins a minute per address; a new X-Forwarded-For each time changed nothing.
    assert codes == ["wrong"] * 10 + ["limited"]
    neighbour = Browser(proxy.base, source="127.0.0.3")
    assert failed_sign_in(neighbour, spoofed="127.0.0.2") == "wrong"  # another visitor is not limited
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.2", "127.0.0.3"}

    member = MemberFactory()
    visitor = Browser(proxy.base, source="127.0.0.4")
    with override_settings(SECRET_KEY=SERVER_KEY):
        link = unsubscribe.url(member, ["replies"]).removeprefix(settings.BASE_URL)
    done = visitor.request("POST", link, headers={"X-Forwarded-For": "6.6.6.6"})
    assert done.status_code == 200
    assert ConsentChange.objects.get(member=member).ip_address == "127.0.0.4"

    request_id = done.headers["X-Request-ID"]
    assert len(request_id) == 32  # nginx's $request_id
    lines = [line for line in server.json_lines() if line.get("request_id") == request_id]
    app_line = next(line for line in lines if line["logger"] == "tandem.request")
    assert (app_line["client"], app_line["status"], app_line["method"]) == ("127.0.0.4", 200, "POST")
    assert app_line["view"] == "unsubscribe"
    assert {"time", "level", "duration_ms"} <= set(app_line)
    access = next(line for line in lines if line["logger"] == "gunicorn.access")
    assert access["status"] == "200" and "duration_ms" in access

    # Uploads are served by the proxy, members' exports only by the app (one server start for both).
    (var / "media" / "avatars" / "ada.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    (var / "private" / "exports" / "tandem-1-secret.json").write_text('{"email": "ada@example.org"}')
    browser = Browser(proxy.base)
    avatar = browser.request("GET", "/media/avatars/ada.png")
    assert avatar.status_code == 200
    assert avatar.headers["Content-Type"] == "image/png"
    assert avatar.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in avatar.headers["Content-Security-Policy"]
    for path in ("/private/exports/tandem-1-secret.json", "/media/../private/exports/tandem-1-secret.json"):
        response = browser.request("GET", path)
        assert response.status_code in (400, 404), path
        assert "ada@example.org" not in response.text
