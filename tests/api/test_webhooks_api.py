"""/api/v1/webhooks/: an integration key with the `webhooks` scope subscribes the
company's systems to Tandem's events; its secret is shown once; bad input changes nothing."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from community.errors import InvalidInput
from community.keys import services as keys
from community.members.groups import PRODUCT_MANAGERS
from community.models import ApiKey, User, WebhookEndpoint
from tests.factories import MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db


def call(method, path, key, body=None):
    client = Client(enforce_csrf_checks=True)
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method)(
        f"/api/v1/webhooks{path}", data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def integration_key(owner, *scopes):
    return keys.create_key(owner, name="Backlog sync", scopes=scopes, by=owner, kind=ApiKey.Kind.INTEGRATION)[1]


def test_a_key_subscribes_lists_and_removes_an_endpoint():
    key = integration_key(StaffFactory(), "webhooks")
    events = [event["name"] for event in call("get", "/events/", key).json()]
    assert "idea.status_changed" in events

    made = call("post", "/", key, {"name": "Jira", "url": "https://hooks.example.com/tandem", "events": events[:1]})

    assert made.status_code == 201
    assert made.json()["secret"].startswith("whsec_")
    listed = call("get", "/", key).json()
    assert [(item["name"], "secret" in item) for item in listed] == [("Jira", False)]
    assert call("delete", f"/{made.json()['id']}/", key).status_code == 204
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "url": "ftp://hooks.example.com", "events": ["idea.created"]}, "url"),
        ({"name": "x", "url": "https://10.0.0.8/hook", "events": ["idea.created"]}, "url"),
        ({"name": "x", "url": "https://hooks.example.com", "events": ["nope"]}, "events"),
        ({"name": "", "url": "https://hooks.example.com", "events": ["idea.created"]}, "name"),
    ],
)
def test_bad_endpoints_are_refused_by_field(settings, body, field):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    key = integration_key(StaffFactory(), "webhooks")
    answer = call("post", "/", key, body)
    assert answer.status_code == 422
    assert field in answer.json()["errors"]
    assert not WebhookEndpoint.objects.exists()


def test_a_key_without_the_scope_is_refused_naming_it():
    key = integration_key(StaffFactory(), "read")
    answer = call("get", "/", key)
    assert answer.status_code == 403 and answer.json()["scope"] == "webhooks"


def test_only_keys_of_staff_who_manage_webhooks_get_the_scope():
    from django.contrib.auth.models import Permission

    support = MemberFactory(is_staff=True)
    support.user_permissions.add(Permission.objects.get(codename="add_apikey"))
    with pytest.raises(InvalidInput):
        integration_key(User.objects.get(pk=support.pk), "webhooks")
    manager = MemberFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=PRODUCT_MANAGERS))
    manager.user_permissions.add(Permission.objects.get(codename="add_apikey"))
    assert integration_key(User.objects.get(pk=manager.pk), "webhooks")
