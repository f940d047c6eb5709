"""Outgoing webhooks: events flow from Tandem into the company's own tools.

Feature apps register the events they emit (EVENTS, from their extensions modules) and call `emit()` in
the transaction of the change; one delivery per subscribed endpoint is stored and
sent by a Celery task once the transaction commits, so a slow receiver never holds
up a request on a worker setup.

Deliveries follow Standard Webhooks (standardwebhooks.com): headers `webhook-id`
(the delivery id, the same on every retry: receivers drop repeats by it),
`webhook-timestamp` and `webhook-signature` ("v1," + base64 HMAC-SHA256 of
"id.timestamp.body" with the endpoint's secret). A failed attempt is retried with
exponential backoff by the `retry_webhooks` beat task, up to MAX_ATTEMPTS; staff
resend any delivery from its log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from community import outbox
from community.errors import InvalidInput, NotAllowed
from community.models import User, WebhookDelivery, WebhookEndpoint
from community.plugins import Point
from community.rules import clean_text
from community.webhooks import addresses, chat

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # 1, 2, 4 … 64 minutes apart: a receiver may be down for about four hours
FIRST_RETRY = timedelta(minutes=1)
TIMEOUT = (3.05, 10)  # seconds to connect, seconds to answer
EXCERPT = 1_000
STUCK_AFTER = timedelta(minutes=5)  # a claim older than this belonged to a worker that died
PERMISSION = "community.change_webhookdelivery"
State = WebhookDelivery.State


Summary = chat.Summary


@dataclass(frozen=True)
class Event:
    name: str
    label: str | Promise  # translated when shown
    # Called with the delivery and the receiver's JSON answer after a successful delivery.
    on_delivered: Callable[[WebhookDelivery, dict], None] | None = None
    # How Slack and Teams destinations show it; without it, the label and the address.
    describe: Callable[[dict], Summary] | None = None
    # The endpoint's own condition on the event (its vote threshold, its star limit).
    matches: Callable[[WebhookEndpoint, dict], bool] | None = None


EVENTS: Point[Event] = Point("webhook events", Event)

NOT_APPLICABLE = object()  # what a filter's value() gives for an event without that facet


@dataclass(frozen=True)
class Filter:
    """A facet endpoints may narrow their events by (a product, a segment). `value`
    reads it from an event's data, or gives NOT_APPLICABLE: such events always pass."""

    name: str
    label: str | Promise
    choices: Callable[[], list[tuple[int | str, str]]]
    value: Callable[[dict], object]


FILTERS: Point[Filter] = Point("webhook filters", Filter)


def accepts(endpoint: WebhookEndpoint, event: Event, data: dict) -> bool:
    """Whether the endpoint wants this event with this data, by its filters and conditions."""
    for facet in FILTERS:
        wanted = (endpoint.filters or {}).get(facet.name)
        if not wanted:
            continue
        value = facet.value(data)
        if value is not NOT_APPLICABLE and value not in wanted:
            return False
    return event.matches is None or event.matches(endpoint, data)


def events() -> list[Event]:
    return sorted(EVENTS, key=lambda event: event.name)


def _event(name: str) -> Event | None:
    return next((event for event in EVENTS if event.name == name), None)


def _describe(name: str) -> Callable[[dict], chat.Summary]:
    event = _event(name)
    if event is not None and event.describe is not None:
        return event.describe
    label = event.label if event is not None else name
    return lambda data: chat.Summary(title=str(label), url=str(data.get("url") or ""))


class UnsafeAddress(InvalidInput):
    code = "unsafe_address"


# --- Addresses -------------------------------------------------------------------------


def check_url(url: str, *, resolve: bool) -> list[str]:
    """Refuses what is not http(s) and, unless private addresses are allowed (dev,
    tests), what points into our own network: loopback, private, link-local, in any of
    its forms (community.webhooks.addresses). With resolve, the host name is looked up
    too (at delivery time; forms check literals), and the addresses checked are
    returned: the delivery connects to one of them and no other."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeAddress(url=[_("Use an http or https address.")])
    host = parts.hostname
    refused = UnsafeAddress(url=[_("This address points into a private network; use a public address.")])
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES
    if not allow_private and (host == "localhost" or host.endswith((".localhost", ".local"))):
        raise refused
    if not resolve and not addresses.is_literal(host):
        return []
    try:
        found = addresses.resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as error:
        raise UnsafeAddress(url=[_("The host name could not be found.")]) from error
    if not allow_private and not all(addresses.is_public(address) for address in found):
        raise refused
    return found


# --- Endpoints ---------------------------------------------------------------------------


def clean_endpoint(url: str, wanted: list[str]) -> list[str]:
    """The checks of the endpoint form and API: a safe address and known events."""
    errors = {}
    try:
        check_url(url, resolve=False)
    except UnsafeAddress as error:
        errors.update(error.details)
    unknown = sorted(set(wanted) - {event.name for event in EVENTS})
    if unknown:
        errors["events"] = [_("Unknown event: %(events)s.") % {"events": ", ".join(unknown)}]
    elif not wanted:
        errors["events"] = [_("Choose at least one event.")]
    if errors:
        raise InvalidInput(**errors)
    return sorted(set(wanted))


MANAGE_PERMISSION = "community.add_webhookendpoint"


def create_endpoint(by: User, *, name: str, url: str, events: list[str]) -> WebhookEndpoint:
    """An endpoint made through the API (the admin's form checks the same); its signing
    secret is in the answer once, as in the admin."""
    if not by.has_perm(MANAGE_PERMISSION):
        raise NotAllowed(_("Only staff who manage webhooks can do this."))
    name = clean_text("name", name, 80, required=True)
    wanted = clean_endpoint(url, events)
    return WebhookEndpoint.objects.create(name=name, url=url, events=wanted)


def delete_endpoint(by: User, endpoint: WebhookEndpoint) -> None:
    if not by.has_perm("community.delete_webhookendpoint"):
        raise NotAllowed(_("Only staff who manage webhooks can do this."))
    endpoint.delete()


# --- Emitting ----------------------------------------------------------------------------


ACTIVE_KEY = "webhooks:active-endpoints"


def _active_settings() -> list[dict]:
    """Every active endpoint's events and conditions, from the cache (dropped whenever an
    endpoint is saved or deleted), so that a vote does not ask the database."""
    rows = cache.get(ACTIVE_KEY)
    if rows is None:
        rows = list(WebhookEndpoint.objects.filter(is_active=True).values("events", "vote_threshold", "max_rating"))
        cache.set(ACTIVE_KEY, rows, timeout=3600)
    return rows


def forget_active_settings(**_kwargs) -> None:
    cache.delete(ACTIVE_KEY)


def wanted_by(event: str, **conditions) -> bool:
    """Whether an active endpoint with these settings wants the event: lets an app skip
    building an event nobody takes (a vote asks whether any threshold is its count)."""
    return any(
        event in row["events"] and all(row.get(name) == value for name, value in conditions.items())
        for row in _active_settings()
    )


def emit(event: str, key: str, data: dict) -> int:
    """Queues `event` for every active endpoint that wants it. Call it inside the
    transaction of the change. `key` names what happened (e.g. "status-change:42"):
    an event emitted again with the same key is not delivered again."""
    from community import tasks

    registered = _event(event)
    if registered is None:
        raise ValueError(f"Unregistered webhook event {event!r}")
    envelope = {"type": event, "timestamp": timezone.now().isoformat(), "data": data}
    created = 0
    endpoints = WebhookEndpoint.objects.filter(is_active=True).only(
        "pk", "events", "filters", "vote_threshold", "max_rating"
    )
    for endpoint in endpoints:
        if event not in endpoint.events or not accepts(endpoint, registered, data):
            continue
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    endpoint=endpoint, event=event, event_key=key, payload=envelope
                )
        except IntegrityError:
            continue  # already queued or delivered for this endpoint
        outbox.enqueue(tasks.deliver_webhook, delivery.pk)
        created += 1
    return created


# --- Delivering --------------------------------------------------------------------------


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_")) if secret.startswith("whsec_") else secret.encode()


def sign(secret: str, delivery_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header's value."""
    content = f"{delivery_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def backoff(attempts: int) -> timedelta:
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Takes the delivery for this worker; None when another has it or it is not due."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, state__in=[State.PENDING, State.RETRYING])
        .filter(due)
        .update(state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def deliver(delivery_id: int) -> str:
    """One attempt. Returns the delivery's state afterwards ("" when it was not due)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return ""
    endpoint = delivery.endpoint
    body = json.dumps(
        chat.body(endpoint, delivery.payload, _describe(delivery.event)), separators=(",", ":"), ensure_ascii=False
    ).encode()
    response, error = None, ""
    if not endpoint.is_active:
        error = _("The webhook is turned off.")
    else:
        try:
            checked = check_url(endpoint.url, resolve=True)
            response = _post(endpoint, delivery, body, checked[0])
        except UnsafeAddress as refused:
            error = " ".join(str(message) for message in refused.details.get("url", []))
        except requests.Timeout:
            error = _("The receiver did not answer within %(seconds)d seconds.") % {"seconds": TIMEOUT[1]}
        except requests.RequestException as failure:
            error = _("The receiver could not be reached: %(error)s") % {"error": type(failure).__name__}
    return _record(delivery, response, error)


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery, body: bytes, address: str) -> requests.Response:
    timestamp = int(time.time())
    delivery_id = str(delivery.delivery_id)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Tandem-Webhooks/1"}
    if endpoint.format == WebhookEndpoint.Format.STANDARD:
        headers |= {
            "webhook-id": delivery_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(endpoint.secret, delivery_id, timestamp, body),
        }
    else:
        headers |= chat.headers(endpoint)
    # To the address check_url checked, not a new lookup's; redirects are not followed:
    # they could lead where check_url would refuse.
    with addresses.pinned_session(address) as session:
        return session.post(endpoint.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)


def _record(delivery: WebhookDelivery, response: requests.Response | None, error: str) -> str:
    now = timezone.now()
    ok = response is not None and 200 <= response.status_code < 300
    if response is not None and not ok:
        error = _("The receiver answered %(code)d.") % {"code": response.status_code}
    elif response is not None and (refusal := chat.refusal(delivery.endpoint, response)):
        ok, error = False, refusal
    if ok:
        state, next_attempt = State.DELIVERED, None
    elif delivery.attempts < MAX_ATTEMPTS and delivery.endpoint.is_active:
        state, next_attempt = State.RETRYING, now + backoff(delivery.attempts)
    else:
        state, next_attempt = State.FAILED, None
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=state,
        next_attempt_at=next_attempt,
        last_attempt_at=now,
        claimed_at=None,
        response_code=response.status_code if response is not None else None,
        response_excerpt=response.text[:EXCERPT] if response is not None else "",
        error=error[:300],
    )
    if ok and response is not None:
        _after_delivery(delivery, response)
    else:
        logger.warning("Webhook delivery %s to %s failed: %s", delivery.pk, delivery.endpoint.url, error)
    return state


def _after_delivery(delivery: WebhookDelivery, response: requests.Response) -> None:
    event = _event(delivery.event)
    if event is None or event.on_delivered is None:
        return
    try:
        answer = response.json()
    except ValueError:
        return
    if isinstance(answer, dict):
        event.on_delivered(delivery, answer)


def due_deliveries(limit: int = 500) -> list[int]:
    """Deliveries to try now: retries whose time has come, waiting ones whose task was
    lost, and claims of workers that died (those are made due again)."""
    now = timezone.now()
    WebhookDelivery.objects.filter(state=State.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        state=State.RETRYING, claimed_at=None, next_attempt_at=now
    )
    due = Q(state=State.RETRYING, next_attempt_at__lte=now) | Q(
        state=State.PENDING, created_at__lt=now - timedelta(minutes=2)
    )
    return list(WebhookDelivery.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:limit])


def resend(delivery: WebhookDelivery, by) -> WebhookDelivery:
    """Sends a delivery again, with the same delivery id, whatever became of it."""
    from community import tasks

    if not by.has_perm(PERMISSION):
        raise NotAllowed()
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).exclude(state=State.SENDING).update(
            state=State.PENDING, attempts=0, next_attempt_at=None, error=""
        )
        outbox.enqueue(tasks.deliver_webhook, delivery.pk)
    delivery.refresh_from_db()
    return delivery
