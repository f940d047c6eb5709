"""The visitor's address, read one way everywhere: sign-in limits (allauth, axes), write
limits (django-ratelimit), the consent log and the logs.

Behind PROXY_COUNT trusted proxies each one appends the address it received the request
from to X-Forwarded-For, so the client is the PROXY_COUNT-th entry from the right.
Entries further left were sent by the client itself and are never believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5123"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as the trusted proxies saw it."""
    remote = _clean(request.META.get("REMOTE_ADDR") or "") or "0.0.0.0"  # noqa: S104 (a Unix socket gives none)
    hops = settings.PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        # Fewer entries than proxies: the request skipped a proxy (a health probe on the
        # node itself, say). The connecting address is the only one that is known.
        return remote
    return _clean(forwarded[-hops]) or remote
