"""Checking a connected app's token: whose it is (the issuer), its signature with that
app's key, its audience, its lifetime and the claims Tandem needs. Every refusal is a
TokenRefused with a code (for logs and the widget) and a sentence for people."""

from __future__ import annotations

import logging
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from community import crypto
from community.errors import ServiceError
from community.models import ConnectedApp

log = logging.getLogger(__name__)

REQUIRED = ["iss", "aud", "exp", "iat", "jti", "sub", "email"]
JWKS_SECONDS = 600  # how long a key set is kept; an unknown key id fetches it again, at most once a minute
JWKS_REFETCH_SECONDS = 60


class TokenRefused(ServiceError):
    """A token that signs nobody in; `code` says why (expired, replayed, ...), to programs."""

    status = 401

    def __init__(self, code: str, message: StrPromise | str, app: ConnectedApp | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.app = app


def verify(token: str) -> tuple[ConnectedApp, dict[str, Any]]:
    """The app that signed the token and its checked claims, or TokenRefused."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError as error:
        raise TokenRefused("malformed", _("This is not a sign-in token.")) from error
    algorithm = str(header.get("alg", ""))
    if algorithm.lower() == "none" or not algorithm:
        raise TokenRefused("unsigned", _("The token is not signed."))
    issuer = unverified.get("iss")
    app = ConnectedApp.objects.filter(issuer=issuer, is_active=True).first() if isinstance(issuer, str) else None
    if app is None:
        raise TokenRefused("unknown_issuer", _("No connected app signs tokens as this issuer."))
    if algorithm != app.algorithm:
        raise TokenRefused("wrong_algorithm", _("The token is not signed the way this app's tokens are."), app)
    key = _key(app, header.get("kid"))
    leeway = settings.SSO_CLOCK_LEEWAY_SECONDS
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[app.algorithm],
            audience=app.audience,
            issuer=app.issuer,
            leeway=leeway,
            options={"require": REQUIRED},
        )
    except jwt.ExpiredSignatureError as error:
        raise TokenRefused("expired", _("The token has expired: sign in again from the app."), app) from error
    except jwt.InvalidAudienceError as error:
        raise TokenRefused("wrong_audience", _("The token was made for another audience."), app) from error
    except jwt.InvalidSignatureError as error:
        raise TokenRefused("bad_signature", _("The token's signature does not match the app's key."), app) from error
    except jwt.ImmatureSignatureError as error:
        raise TokenRefused("not_yet_valid", _("The token is not valid yet: check the app's clock."), app) from error
    except jwt.MissingRequiredClaimError as error:
        raise TokenRefused(
            "missing_claim", _("The token lacks the “%(claim)s” claim.") % {"claim": error.claim}, app
        ) from error
    except (jwt.InvalidTokenError, jwt.InvalidKeyError) as error:
        raise TokenRefused("malformed", _("This is not a valid sign-in token."), app) from error
    if claims["exp"] - time.time() > settings.SSO_MAX_TOKEN_SECONDS + leeway:
        raise TokenRefused(
            "lifetime_too_long",
            _("The token lives too long: give it at most %(minutes)d minutes.")
            % {"minutes": settings.SSO_MAX_TOKEN_SECONDS // 60},
            app,
        )
    _check_claims(app, claims)
    return app, claims


def _check_claims(app: ConnectedApp, claims: dict[str, Any]) -> None:
    sub, email, jti = claims["sub"], claims["email"], claims["jti"]
    if not isinstance(sub, str) or not sub.strip() or len(sub) > 100:
        raise TokenRefused("bad_claim", _("“sub” must be the customer's id in the app, up to 100 characters."), app)
    if not isinstance(jti, str) or not jti or len(jti) > 200:
        raise TokenRefused("bad_claim", _("“jti” must be a unique text of up to 200 characters."), app)
    try:
        validate_email(email if isinstance(email, str) else "")
    except ValidationError as error:
        raise TokenRefused("bad_claim", _("“email” is not an email address."), app) from error


def _key(app: ConnectedApp, kid: Any) -> Any:
    if app.algorithm == ConnectedApp.Algorithm.HS256:
        try:
            return crypto.decrypt(app.secret_encrypted)
        except crypto.Unreadable as error:
            log.error("sso: the secret of %s cannot be decrypted (ENCRYPTION_KEYS changed?)", app.issuer)
            raise TokenRefused("unknown_key", _("The app's secret cannot be read: set it again."), app) from error
    if app.public_key.strip():
        return app.public_key.strip()
    key = _from_key_set(app, kid, fresh=False) or _from_key_set(app, kid, fresh=True)
    if key is None:
        raise TokenRefused("unknown_key", _("The token was signed with a key the app does not publish."), app)
    return key


def _from_key_set(app: ConnectedApp, kid: Any, *, fresh: bool) -> jwt.PyJWK | None:
    cache_key = f"sso:jwks:{app.pk}:{app.jwks_url}"
    data = None if fresh else cache.get(cache_key)
    if data is None:
        if fresh and not cache.add(f"{cache_key}:fetched", 1, JWKS_REFETCH_SECONDS):
            return None  # fetched a moment ago: an unknown key id does not make us ask again
        cache.set(f"{cache_key}:fetched", 1, JWKS_REFETCH_SECONDS)
        data = _fetch_key_set(app)
        cache.set(cache_key, data, JWKS_SECONDS)
    try:
        keys = [key for key in jwt.PyJWKSet.from_dict(data).keys if key.public_key_use in (None, "sig")]
    except jwt.PyJWTError:
        return None
    if kid is None:
        return keys[0] if len(keys) == 1 else None
    return next((key for key in keys if key.key_id == kid), None)


def _fetch_key_set(app: ConnectedApp) -> dict[str, Any]:
    try:
        response = requests.get(app.jwks_url, timeout=5, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        log.warning("sso: the key set of %s could not be fetched: %s", app.issuer, error)
        raise TokenRefused("unknown_key", _("The app's published keys could not be read."), app) from error
    return data if isinstance(data, dict) else {}
