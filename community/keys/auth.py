"""`Authorization: Bearer tdm_…` on the API: the key's owner is the caller, within the
key's scopes; without the header the session (and its CSRF token) signs in, as before."""

from __future__ import annotations

from django_ratelimit.core import is_ratelimited
from ninja.security import HttpBearer, SessionAuth

from community.keys import services
from community.models import ApiKey
from community.operations.client import client_ip
from community.ratelimits import WriteLimitReached

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class KeyAuth(HttpBearer):
    """A present but wrong key is refused outright (401), never passed on to the session."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope  # None: "read" for safe methods, "write" otherwise

    def authenticate(self, request, token: str):
        key = services.authenticate(token)
        needed = self.scope or (ApiKey.Scope.READ if request.method in SAFE_METHODS else ApiKey.Scope.WRITE)
        if needed not in key.scopes:
            raise services.MissingScope(needed)
        if is_ratelimited(
            request, group="api-key", key=lambda _group, _request: key.prefix, rate=services.rate(), increment=True
        ):
            raise WriteLimitReached()
        services.touch(key, client_ip(request))
        request.api_key = key
        request.user = key.owner
        return key.owner


def member_or_key(scope: str | None = None) -> list:
    """The auth of a member's operation: a key with the scope, or the signed-in session
    (with its CSRF token on writes)."""
    return [KeyAuth(scope), SessionAuth()]
