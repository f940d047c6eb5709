"""One client address for every consumer: allauth, axes, the write limits and the
consent log all read community.operations.client.client_ip."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django_ratelimit.core import get_usage

from community.models import ConsentChange
from community.notifications import channels, unsubscribe
from community.operations.client import client_ip

factory = RequestFactory()


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.9", "203.0.113.7", "198.51.100.9"),  # no proxy: the header is the client's own
        (1, "10.0.0.2", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the left entry was sent by the client
        (2, "10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (1, "10.0.0.2", "2001:db8::7", "2001:db8::7"),
        (1, "10.0.0.2", "[2001:db8::7]:443", "2001:db8::7"),
        (1, "10.0.0.2", "203.0.113.7:5123", "203.0.113.7"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (2, "10.0.0.2", "203.0.113.7", "10.0.0.2"),  # fewer hops than proxies: it skipped one
        (1, "10.0.0.2", None, "10.0.0.2"),  # a probe on the node itself
    ],
)
def test_the_client_is_counted_from_the_right_by_the_trusted_hops(settings, proxies, remote, forwarded, expected):
    settings.PROXY_COUNT = proxies
    assert client_ip(request_from(remote, forwarded)) == expected


def test_allauth_axes_and_the_write_limits_read_the_same_address(settings):
    settings.PROXY_COUNT = 1
    request = request_from("10.0.0.2", "6.6.6.6, 203.0.113.7")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.7"
    assert get_client_ip_address(request) == "203.0.113.7"
    # django-ratelimit keys "ip" by the same function: the spoofed entries change nothing.
    first = get_usage(request, group="probe", key="ip", rate="5/m", increment=True)
    again = get_usage(
        request_from("10.0.0.2", "1.2.3.4, 203.0.113.7"), group="probe", key="ip", rate="5/m", increment=True
    )
    other = get_usage(request_from("10.0.0.2", "203.0.113.99"), group="probe", key="ip", rate="5/m", increment=True)
    assert (first["count"], again["count"], other["count"]) == (1, 2, 1)


@pytest.mark.django_db
def test_the_consent_log_records_where_a_change_came_from(client, settings, member):
    settings.PROXY_COUNT = 1
    client.force_login(member)
    data = dict(channels.channels_of(member))
    data["replies"] = "none"
    response = client.post(
        "/notifications/settings/", data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert response.status_code == 302, response.content[:300]
    change = ConsentChange.objects.get(member=member, topic="replies")
    assert change.ip_address == "203.0.113.7"
    page = client.get("/notifications/settings/")
    assert "from 203.0.113.7" in page.content.decode()


@pytest.mark.django_db
def test_an_unsubscribe_link_records_its_address_too(client, settings, member):
    settings.PROXY_COUNT = 1
    link = unsubscribe.url(member, ["replies"])
    response = client.post(link, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert response.status_code == 200
    assert ConsentChange.objects.get(member=member).ip_address == "203.0.113.8"
