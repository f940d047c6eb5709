"""API keys: made (shown once, kept as a digest), checked on every call, revoked.

A key reads `tdm_<prefix>_<secret>`: the prefix finds its row, the SHA-256 digest of
the whole key (compared in constant time) proves it. Keys are long random strings, so a
fast digest is enough; what a database copy reveals is no key at all."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.errors import InvalidInput, NotAllowed, ServiceError
from community.models import ApiKey, ApiKeyUse, User
from community.rules import clean_text

MANAGE_PERMISSION = "community.add_apikey"  # staff who make integration keys
TRIAGE_PERMISSION = "ideas.triage_ideas"
CAPTURE_PERMISSION = "ideas.capture_feedback"
WEBHOOKS_PERMISSION = "community.add_webhookendpoint"
ACTIVE_PER_MEMBER = 20
TOUCH_EVERY = timedelta(minutes=1)  # last used time and address: at most one write a minute
PREFIX = "tdm"
PERSONAL_SCOPES = (ApiKey.Scope.READ, ApiKey.Scope.WRITE, ApiKey.Scope.TRIAGE)
# Integration keys read, product managers' tools read the desk, and the tools of staff
# who capture feedback (a CRM, a help desk) write for customers, recorded as captured.
INTEGRATION_SCOPES = (ApiKey.Scope.READ, ApiKey.Scope.TRIAGE, ApiKey.Scope.CAPTURE, ApiKey.Scope.WEBHOOKS)


# The scopes only holders of a permission get on their keys.
SCOPE_PERMISSIONS = {
    ApiKey.Scope.TRIAGE: TRIAGE_PERMISSION,
    ApiKey.Scope.CAPTURE: CAPTURE_PERMISSION,
    ApiKey.Scope.WEBHOOKS: WEBHOOKS_PERMISSION,
}


def offered_scopes(owner: User, kind: str) -> tuple[str, ...]:
    """The scopes a key of this kind may have for this owner: what the forms offer."""
    allowed = PERSONAL_SCOPES if kind == ApiKey.Kind.PERSONAL else INTEGRATION_SCOPES
    return tuple(
        scope for scope in allowed if scope not in SCOPE_PERMISSIONS or owner.has_perm(SCOPE_PERMISSIONS[scope])
    )


class KeyRefused(ServiceError):
    """The key is not one we know, or no longer works: 401, and nothing else is said."""

    code = "invalid_key"
    status = 401
    default_message = gettext_lazy("This API key is not valid: it is wrong, expired or revoked.")


class MissingScope(ServiceError):
    code = "missing_scope"
    status = 403

    def __init__(self, scope: str) -> None:
        super().__init__(
            _("This API key may not do this: it needs the scope “%(scope)s”.") % {"scope": scope}, scope=scope
        )


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(
    owner: User,
    *,
    name: str,
    scopes: Iterable[str],
    by: User,
    kind: str = ApiKey.Kind.PERSONAL,
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new key and the key itself, which is never shown again. Members make their own
    personal tokens; staff with the permission make integration keys."""
    name = clean_text("name", name, 80, required=True)
    scopes = sorted(set(scopes))
    allowed = PERSONAL_SCOPES if kind == ApiKey.Kind.PERSONAL else INTEGRATION_SCOPES
    if kind == ApiKey.Kind.PERSONAL and by.pk != owner.pk:
        raise NotAllowed(_("Members make their own access tokens."))
    if kind == ApiKey.Kind.INTEGRATION and not by.has_perm(MANAGE_PERMISSION):
        raise NotAllowed(_("Only staff who manage integrations make integration keys."))
    problems: dict[str, list[str]] = {}
    if not scopes:
        problems["scopes"] = [_("Choose at least one scope.")]
    elif unknown := [scope for scope in scopes if scope not in allowed]:
        problems["scopes"] = [_("Not offered for this kind of key: %(scopes)s.") % {"scopes": ", ".join(unknown)}]
    elif ApiKey.Scope.TRIAGE in scopes and not owner.has_perm(TRIAGE_PERMISSION):
        problems["scopes"] = [_("Only product managers' keys may read the triage desk.")]
    elif ApiKey.Scope.CAPTURE in scopes and not owner.has_perm(CAPTURE_PERMISSION):
        problems["scopes"] = [_("Only keys of staff who may record feedback for customers may do this.")]
    elif ApiKey.Scope.WEBHOOKS in scopes and not owner.has_perm(WEBHOOKS_PERMISSION):
        problems["scopes"] = [_("Only keys of staff who manage webhooks may do this.")]
    if expires_at is not None and expires_at <= timezone.now():
        problems["expires_at"] = [_("Choose a day in the future, or no end.")]
    if problems:
        raise InvalidInput(**problems)
    with transaction.atomic():
        active = ApiKey.objects.select_for_update().filter(owner=owner, revoked_at__isnull=True)
        if len(active) >= ACTIVE_PER_MEMBER:
            raise InvalidInput(
                name=[_("At most %(count)d keys at a time: revoke one first.") % {"count": ACTIVE_PER_MEMBER}]
            )
        prefix = secrets.token_hex(4)
        key = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        row = ApiKey.objects.create(
            name=name, kind=kind, owner=owner, created_by=by, prefix=prefix, digest=digest(key),
            scopes=scopes, expires_at=expires_at,
        )  # fmt: skip
    return row, key


def revoke(key: ApiKey, by: User) -> ApiKey:
    """Stops the key at once; its record stays, so its uses still say who made them."""
    if by.pk != key.owner_id and not by.has_perm(MANAGE_PERMISSION):
        raise NotAllowed()
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key.refresh_from_db()
    return key


def authenticate(presented: str) -> ApiKey:
    """The usable key this string is, or KeyRefused (the same for every reason)."""
    parts = presented.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise KeyRefused()
    key = ApiKey.objects.select_related("owner").filter(prefix=parts[1]).first()
    if key is None or not hmac.compare_digest(key.digest, digest(presented.strip())):
        raise KeyRefused()
    owner = key.owner
    if not key.is_usable or not owner.is_active or owner.deleted_at is not None:
        raise KeyRefused()
    return key


def touch(key: ApiKey, address: str | None) -> None:
    """Records when and from where the key was last used, at most once a minute."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY or key.last_used_from != address:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_from=address)


def record_use(key: ApiKey, method: str, path: str, status: int) -> None:
    ApiKeyUse.objects.create(key=key, method=method, path=path[:300], status=status)


def rate() -> str:
    return settings.API_KEY_RATE_LIMIT
