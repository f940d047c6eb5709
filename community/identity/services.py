"""Knowing a customer by the company's login: a checked token (community.identity.tokens)
becomes one member, matched by the company's id for them ("sub"), else by their verified
email address, never by merging two accounts; what the token says of them is applied and
each change recorded for their timeline.

A refused token changes nothing: its one-time id, the member and their attributes are
written in one transaction. Attributes the community does not know (a segment or product
not set up yet) do not lock the customer out: they are left aside and the connected app
shows the problem to staff.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import outbox
from community.errors import InvalidInput
from community.identity.tokens import TokenRefused, verify
from community.members import imports
from community.members.segments import customer_data_changed
from community.models import AttributeChange, ConnectedApp, Segment, SsoTokenUse, User

log = logging.getLogger(__name__)

BACKEND = "django.contrib.auth.backends.ModelBackend"
# The company's word on these is final: the member's own profile form shows them read-only.
PROFILE_CLAIMS = {"name": "display_name", "avatar": "avatar", "language": "language"}


@dataclass
class Identified:
    member: User
    app: ConnectedApp | None  # None: an identity provider's sign-in (community.identity.oidc)
    created: bool
    changes: list[AttributeChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    source: str = ""  # who said so, for the timeline: the app's or the provider's name


def identify(token: str) -> Identified:
    """The member the token stands for, created or brought up to date; TokenRefused if not."""
    app = None
    try:
        app, claims = verify(token)
        with transaction.atomic():
            _use_once(app, claims)
            member, created, changes = _match(app, claims)
            found = Identified(member, app, created, changes)
            _apply(found, claims)
    except TokenRefused as refused:
        _note_problem(refused.app or app, f"{refused.code}: {refused.message}")
        log.warning("sso: token refused (%s) from %s", refused.code, refused.app.issuer if refused.app else "?")
        raise
    ConnectedApp.objects.filter(pk=app.pk).update(last_used_at=timezone.now())
    if found.problems:
        _note_problem(app, " ".join(found.problems))
    log.info("sso: %s identified member %s (%s changes)", app.issuer, found.member.pk, len(found.changes))
    return found


def sign_in(request: HttpRequest, token: str) -> Identified:
    """Identifies the token's member and signs them in on this browser."""
    found = identify(token)
    login(request, found.member, backend=BACKEND)
    return found


def _use_once(app: ConnectedApp, claims: dict[str, Any]) -> None:
    expires = datetime.fromtimestamp(claims["exp"], tz=UTC)
    try:
        with transaction.atomic():
            SsoTokenUse.objects.create(app=app, jti=claims["jti"], expires_at=expires)
    except IntegrityError as error:
        raise TokenRefused(
            "replayed", gettext_lazy("This token was already used: sign in again from the app."), app
        ) from error


def _match(app: ConnectedApp, claims: dict[str, Any]) -> tuple[User, bool, list[AttributeChange]]:
    external_id, email = claims["sub"].strip(), claims["email"].strip().lower()
    taken = TokenRefused(
        "email_taken", gettext_lazy("This email address belongs to another member of the community."), app
    )
    member = User.objects.select_for_update().filter(external_id=external_id).first()
    changes: list[AttributeChange] = []
    if member is None:
        member = User.objects.select_for_update().filter(email__iexact=email).first()
        if member is None:
            return _create(app, external_id, email), True, changes
        if member.external_id:
            raise taken  # known under another of the company's ids: two people, or a mistake to sort out by hand
        _refuse_closed(app, member)
        if not member.has_verified_email():
            raise TokenRefused(
                "email_unconfirmed",
                gettext_lazy(
                    "An account with this email address was never confirmed. Confirm it from the email we sent, "
                    "or ask the community's team to link it."
                ),
                app,
            )
        changes.append(_change(app, member, "external_id", "", external_id))
        member.external_id = external_id
        member.save(update_fields=["external_id"])
        return member, False, changes
    _refuse_closed(app, member)
    if member.email.lower() != email:
        if User.objects.filter(email__iexact=email).exclude(pk=member.pk).exists():
            raise taken
        changes.append(_change(app, member, "email", member.email, email))
        member.email = email
        member.save(update_fields=["email"])
        EmailAddress.objects.filter(user=member).update(primary=False)
        EmailAddress.objects.update_or_create(user=member, email=email, defaults={"verified": True, "primary": True})
    elif not member.has_verified_email():
        EmailAddress.objects.update_or_create(user=member, email=email, defaults={"verified": True, "primary": True})
    return member, False, changes


def _refuse_closed(app: ConnectedApp, member: User) -> None:
    if member.deleted_at is not None or not member.is_active:
        raise TokenRefused("account_closed", gettext_lazy("This account is closed."), app)
    if member.is_staff or member.is_superuser:
        # A connected app must never be a way into the admin: staff sign in with their own password.
        raise TokenRefused("staff_account", gettext_lazy("Team accounts sign in with their password."), app)


def _create(app: ConnectedApp, external_id: str, email: str) -> User:
    try:
        with transaction.atomic():
            member = User.objects.create_user(email, external_id=external_id)
            EmailAddress.objects.create(user=member, email=email, verified=True, primary=True)
    except IntegrityError as error:  # the same customer's first sign-in, twice at once
        raise TokenRefused("busy", gettext_lazy("Signing you in took two tries at once: try again."), app) from error
    return member


def _change(
    app: ConnectedApp | None, member: User, attribute: str, old: object, new: object, source: str = ""
) -> AttributeChange:
    return AttributeChange.objects.create(
        member=member,
        app=app,
        source=(source or (app.name if app else ""))[:100],
        attribute=attribute,
        old=_text(old)[:300],
        new=_text(new)[:300],
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _apply(found: Identified, claims: dict[str, Any]) -> None:
    """What the token says of the member, as far as the community knows it."""
    member, app = found.member, found.app
    updates: dict[str, object] = {}
    profile = dict(member.company_profile)

    if isinstance(name := claims.get("name"), str) and name.strip():
        updates["display_name"] = " ".join(name.split())[:80]
        profile["name"] = updates["display_name"]
    if (language := _language(claims.get("language") or claims.get("locale"))) is not None:
        updates["language"] = language
        profile["language"] = language
    if "segment" in claims:
        segment = _segment(claims["segment"], found)
        if segment is not False:
            updates["segment"] = segment
    if "value" in claims:
        number = _value(claims["value"], found)
        if number is not False:
            updates["customer_value"] = number

    changed = []
    for attribute, value in updates.items():
        old = getattr(member, attribute)
        if old != value:
            found.changes.append(_change(app, member, attribute, old, value, found.source))
            setattr(member, attribute, value)
            changed.append(attribute)
    avatar = claims.get("avatar")
    if isinstance(avatar, str) and avatar.startswith("https://") and len(avatar) <= 500:
        if profile.get("avatar") != avatar:
            from community import tasks

            found.changes.append(_change(app, member, "avatar", profile.get("avatar", ""), avatar, found.source))
            outbox.enqueue(tasks.fetch_avatar, member.pk, avatar)
        profile["avatar"] = avatar
    elif avatar is not None:
        found.problems.append(_("“avatar” must be an https address."))
    if profile != member.company_profile:
        member.company_profile = profile
        changed.append("company_profile")
    if changed:
        member.save(update_fields=changed)
    if {"segment", "customer_value"} & set(changed):
        customer_data_changed([member.pk])
    _apply_columns(found, claims)


def _language(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else None


def _segment(value: Any, found: Identified) -> Segment | None | bool:
    """The segment named, None to clear it, False when the community has no such segment."""
    if value in (None, ""):
        return None
    segment = Segment.objects.filter(name__iexact=str(value).strip()).first()
    if segment is None:
        found.problems.append(_("There is no segment “%(segment)s”.") % {"segment": str(value)[:80]})
        return False
    return segment


def _value(value: Any, found: Identified) -> Decimal | None | bool:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number < 0 or number >= 10**12:
        found.problems.append(_("“value” must be a number of 0 or more."))
        return False
    return number.quantize(Decimal("0.01"))


def _apply_columns(found: Identified, claims: dict[str, Any]) -> None:
    """The attributes feature apps add to the member import (reviews: "products", the
    products the customer owns), read the same way from the token."""
    for column in imports.COLUMNS:
        if column.name not in claims:
            continue
        given = claims[column.name]
        text = ";".join(str(item) for item in given) if isinstance(given, list) else str(given or "")
        values, errors = column.check({0: text})
        if 0 in errors:
            found.problems.append(errors[0])
            continue
        if column.apply(found.member, values.get(0)):
            found.changes.append(_change(found.app, found.member, column.name, "", text, found.source))


def apply_provider_claims(member: User, claims: dict[str, Any], *, source: str) -> Identified:
    """What an identity provider says of a member at sign-in (OpenID Connect, with the
    claims staff mapped: community.identity.oidc), applied like a connected app's token:
    the CRM id (never one another member holds), name, segment, value, products."""
    found = Identified(member, None, created=False, source=source)
    with transaction.atomic():
        external_id = claims.get("external_id")
        if isinstance(external_id, str | int) and str(external_id).strip() and str(external_id) != member.external_id:
            external_id = str(external_id).strip()[:100]
            if User.objects.filter(external_id=external_id).exclude(pk=member.pk).exists():
                found.problems.append(_("The CRM id “%(id)s” belongs to another member.") % {"id": external_id})
            else:
                found.changes.append(_change(None, member, "external_id", member.external_id, external_id, source))
                member.external_id = external_id
                member.save(update_fields=["external_id"])
        _apply(found, claims)
    if found.problems:
        log.warning("oidc: %s: %s", source, " ".join(found.problems))
    return found


def _note_problem(app: ConnectedApp | None, text: str) -> None:
    if app is not None:
        ConnectedApp.objects.filter(pk=app.pk).update(last_problem=text[:300], last_problem_at=timezone.now())


# --- Connected apps, as staff set them up ------------------------------------------------


def new_secret() -> str:
    """A shared secret for HS256: 256 random bits."""
    return secrets.token_urlsafe(32)


def check_app(*, algorithm: str, secret: str, has_secret: bool, public_key: str, jwks_url: str, origins: str) -> None:
    """The admin form's checks, so that an app is never saved in a state no token passes."""
    errors: dict[str, list[str]] = {}
    if algorithm == ConnectedApp.Algorithm.HS256:
        if not secret and not has_secret:
            errors["secret"] = [_("HS256 needs the secret the app signs with.")]
        elif secret and len(secret) < 32:
            errors["secret"] = [_("Use at least 32 characters: a short secret can be guessed.")]
    elif bool(public_key.strip()) == bool(jwks_url.strip()):
        errors["public_key"] = [_("Give either the app's public key or the address of its key set, not both.")]
    elif public_key.strip() and (problem := _public_key_problem(algorithm, public_key.strip())):
        errors["public_key"] = [problem]
    bad = [line for line in origins.splitlines() if line.strip() and not _is_origin(line.strip())]
    if bad:
        errors["embed_origins"] = [
            _("Not an origin (https://host, with a port if any, nothing after it): %(lines)s")
            % {"lines": ", ".join(bad)}
        ]
    if errors:
        raise InvalidInput(**errors)


def _public_key_problem(algorithm: str, pem: str) -> str:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except ValueError:
        return _("This is not a public key in PEM form.")
    if algorithm == ConnectedApp.Algorithm.RS256 and not (isinstance(key, rsa.RSAPublicKey) and key.key_size >= 2048):
        return _("RS256 needs an RSA public key of at least 2048 bits.")
    if algorithm == ConnectedApp.Algorithm.ES256 and not (
        isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"
    ):
        return _("ES256 needs an elliptic-curve public key on P-256.")
    return ""


def _is_origin(text: str) -> bool:
    parts = urlsplit(text)
    local = parts.hostname in ("localhost", "127.0.0.1")
    return (
        (parts.scheme == "https" or (parts.scheme == "http" and local))
        and bool(parts.hostname)
        and parts.path in ("", "/")
        and not parts.query
        and not parts.fragment
        and not parts.username
    )
