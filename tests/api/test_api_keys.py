"""API keys: members' access tokens and staff's integration keys, sent as
`Authorization: Bearer tdm_…`, each within its scopes, shown once, kept only as a
digest, with their own rate limit; a wrong, expired or revoked key changes nothing."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from community.errors import InvalidInput, NotAllowed
from community.keys import services
from community.members.groups import PRODUCT_MANAGERS
from community.models import ApiKey, ApiKeyUse
from community.privacy import services as privacy
from ideas.models import Vote
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


def call(method: str, path: str, key: str | None = None, body: dict | None = None, **extra):
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json", **headers, **extra)


def key_for(member, *scopes, **options):
    _row, key = services.create_key(member, name="Script", scopes=scopes or ["read"], by=member, **options)
    return key


def test_a_write_key_votes_as_its_owner_without_a_csrf_token(board, member):
    idea = IdeaFactory()
    key = key_for(member, "read", "write")

    answer = call("post", f"/ideas/{idea.pk}/vote/", key)

    assert answer.status_code == 200 and answer.json()["voted"] is True
    assert Vote.objects.filter(idea=idea, member=member).exists()
    use = ApiKeyUse.objects.get()
    assert (use.method, use.path, use.status, use.key.owner) == ("POST", f"/api/v1/ideas/{idea.pk}/vote/", 200, member)


def test_a_read_key_reads_but_a_write_is_refused_naming_the_scope(board, member):
    idea = IdeaFactory()
    key = key_for(member, "read")

    mine = call("get", "/me/notifications/", key)
    refused = call("post", f"/ideas/{idea.pk}/vote/", key)

    assert mine.status_code == 200
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "missing_scope" and refused.json()["scope"] == "write"
    assert not Vote.objects.exists()


@pytest.mark.parametrize("trouble", ["wrong", "tampered", "revoked", "expired", "malformed", "departed"])
def test_a_key_that_does_not_work_is_a_401_and_changes_nothing(board, member, trouble):
    idea = IdeaFactory()
    key = key_for(member, "read", "write")
    row = ApiKey.objects.get()
    presented = {
        "wrong": "tdm_00000000_nothing",
        "tampered": key[:-2] + ("aa" if not key.endswith("aa") else "bb"),
        "malformed": "not-a-key",
    }.get(trouble, key)
    if trouble == "revoked":
        services.revoke(row, member)
    if trouble == "expired":
        ApiKey.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    if trouble == "departed":
        privacy.delete_account(member, by=member, confirm_email=member.email, remove_content=False)

    answer = call("post", f"/ideas/{idea.pk}/vote/", presented)

    assert answer.status_code == 401
    assert answer.json()["code"] == "invalid_key"
    assert not Vote.objects.exists()


def test_without_a_key_the_session_still_needs_its_csrf_token(board, member):
    idea = IdeaFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    answer = client.post(f"/api/v1/ideas/{idea.pk}/vote/", data="", content_type="application/json")

    assert answer.status_code == 403 and answer.json()["code"] == "csrf_failed"


def test_each_key_has_its_own_rate_limit(board, member, settings):
    settings.API_KEY_RATE_LIMIT = "2/m"
    first, second = key_for(member), key_for(member)

    answers = [call("get", "/me/notifications/", first).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert call("get", "/me/notifications/", second).status_code == 200


def test_the_key_says_when_and_from_where_it_was_last_used(board, member):
    key = key_for(member)

    call("get", "/me/notifications/", key, REMOTE_ADDR="203.0.113.7")

    row = ApiKey.objects.get()
    assert row.last_used_from == "203.0.113.7" and row.last_used_at is not None


def test_only_a_digest_is_kept_and_the_key_is_shown_once(client, board, member):
    client.force_login(member)

    made = client.post("/profile/api-keys/", {"name": "Laptop script", "scopes": ["read", "write"]})
    again = client.get("/profile/api-keys/")

    row = ApiKey.objects.get()
    key = made.context["made"]
    assert key.startswith(f"tdm_{row.prefix}_") and row.digest == services.digest(key)
    assert key in made.content.decode() and made["Cache-Control"] == "private, no-store"
    assert key not in again.content.decode() and f"tdm_{row.prefix}_…" in again.content.decode()
    assert not ApiKey.objects.filter(digest__contains=key).exists()


def test_a_member_revokes_their_key_but_not_someone_elses(client, board, member):
    other = MemberFactory()
    other_key, _key = services.create_key(other, name="Theirs", scopes=["read"], by=other)
    mine, _key = services.create_key(member, name="Mine", scopes=["read"], by=member)
    client.force_login(member)

    client.post(f"/profile/api-keys/{mine.pk}/revoke/")
    refused = client.post(f"/profile/api-keys/{other_key.pk}/revoke/")

    mine.refresh_from_db()
    other_key.refresh_from_db()
    assert mine.revoked_at is not None and other_key.revoked_at is None
    assert refused.status_code == 404


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["admin"]}, "scopes"),
        ({"scopes": ["triage"]}, "scopes"),  # a member who does not triage
        ({"scopes": ["read"], "expires_at": timezone.now() - timedelta(days=1)}, "expires_at"),
        ({"scopes": ["read"], "name": "  "}, "name"),
    ],
)
def test_bad_keys_are_refused_field_by_field(member, fields, field):
    arguments = {"name": "Script", **fields}

    with pytest.raises(InvalidInput) as refused:
        services.create_key(member, by=member, **arguments)

    assert field in refused.value.details
    assert not ApiKey.objects.exists()


def test_members_make_only_their_own_tokens_and_only_staff_integration_keys(member):
    with pytest.raises(NotAllowed):
        services.create_key(MemberFactory(), name="x", scopes=["read"], by=member)
    with pytest.raises(NotAllowed):
        services.create_key(member, name="x", scopes=["read"], by=member, kind=ApiKey.Kind.INTEGRATION)


def test_a_product_managers_key_reads_the_triage_desk_only_with_that_scope(board):
    manager = MemberFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=PRODUCT_MANAGERS))
    manager = type(manager).objects.get(pk=manager.pk)
    IdeaFactory(title="SSO")

    with_scope = call("get", "/triage/ideas/", key_for(manager, "read", "triage"))
    without = call("get", "/triage/ideas/", key_for(manager, "read"))

    assert with_scope.status_code == 200 and [i["title"] for i in with_scope.json()["items"]] == ["SSO"]
    assert without.status_code == 403 and without.json()["scope"] == "triage"


def test_staff_make_an_integration_key_in_the_admin_and_see_it_once(admin_client, staff):
    made = admin_client.post("/admin/api-keys/", {"name": "CRM", "scopes": ["read"]})
    listed = admin_client.get("/admin/api-keys/")

    row = ApiKey.objects.get()
    assert row.kind == "integration" and row.owner == staff
    assert made.context["made"] in made.content.decode()
    assert made.context["made"] not in listed.content.decode()
    assert call("get", "/me/notifications/", made.context["made"]).status_code == 200


def test_writes_with_a_key_show_in_the_owners_timeline(admin_client, board, member):
    idea = IdeaFactory()
    call("post", f"/ideas/{idea.pk}/vote/", key_for(member, "write"))

    body = admin_client.get(f"/admin/members/inspect/{member.pk}/").content.decode()

    assert f"POST /api/v1/ideas/{idea.pk}/vote/ → 200" in body
    assert "Written with the API key “Script”" in body


def test_the_schema_names_both_ways_in(client):
    schema = client.get("/api/v1/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert any(scheme.get("in") == "cookie" for scheme in schemes.values())


def test_the_privacy_download_lists_keys_but_never_a_key(member):
    key = key_for(member, "read")

    account = privacy.collect(member)["account"]

    assert [row["name"] for row in account["api_keys"]] == ["Script"]
    assert key not in json.dumps(account, default=str)
