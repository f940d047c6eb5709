import re

import pytest

pytestmark = pytest.mark.django_db


def test_pages_send_a_content_security_policy_with_a_fresh_nonce(client, home):
    first = client.get("/")
    second = client.get("/")

    policy = first["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert nonce not in second["Content-Security-Policy"]
    scripts = re.findall(r"<script[^>]*>", first.content.decode())
    assert scripts, "htmx is loaded"
    assert all(f'nonce="{nonce}"' in tag and "src=" in tag for tag in scripts)


def test_htmx_is_served_from_our_own_static_files(client, home):
    body = client.get("/").content.decode()

    assert re.search(r'<script src="/static/django_htmx/htmx[^"]*\.js"', body)
    assert "https://" not in " ".join(re.findall(r"<script[^>]*>", body))


def test_the_wagtail_admin_is_left_out_of_the_policy(client, staff):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_pages_refuse_framing_and_sniffing(client, home):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
