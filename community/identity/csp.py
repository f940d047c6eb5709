"""A social sign-in page posts to Tandem, which redirects the browser to the provider;
CSP's form-action governs that redirect too, so the page that holds the form allows the
provider's sign-in origin (and only on that page): every other page keeps 'self'."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from allauth.socialaccount.adapter import get_adapter
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)


def _provider_origin(request: HttpRequest) -> str | None:
    match = request.resolver_match
    name = (match.url_name or "") if match is not None else ""
    if match is None or not name.endswith("_login") or name == "account_login":
        return None
    provider_id = match.kwargs.get("provider_id") or name.removesuffix("_login")
    try:
        provider = get_adapter().get_provider(request, provider_id)
        url = provider.get_oauth2_adapter(request).authorize_url
    except Exception as error:  # noqa: BLE001 (an unknown or unreachable provider: the page stays as strict)
        log.warning("social sign-in: no sign-in address for %s: %s", provider_id, error)
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


class ProviderFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/accounts/") and request.method == "GET" and response.status_code == 200:
            origin = _provider_origin(request)
            if origin:
                response._csp_update = {"form-action": [origin]}
        return response
