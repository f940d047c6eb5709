"""What every tracker client offers, and the one way they all call a tracker's API.

A client knows one tracker's API and webhook format; the rules (which state moves an
idea where, when to ask first) live in triage.trackers.services and never here.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

import requests
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from community import crypto
from community.webhooks import addresses
from community.webhooks.services import UnsafeAddress, check_url
from triage.trackers.models import IssueLink, TrackerConnection

logger = logging.getLogger(__name__)
State = IssueLink.State
TIMEOUT = (3.05, 15)  # seconds to connect, seconds to answer


@dataclass(frozen=True)
class Issue:
    """An issue as the tracker describes it now."""

    key: str
    url: str
    title: str
    state: str  # an IssueLink.State
    updated_at: datetime | None = None
    remote_id: str = ""


@dataclass(frozen=True)
class Event:
    """What one webhook says about one issue: a new state, or a comment."""

    project: str  # the repository, project or team it came from, as the tracker names it
    key: str
    state: str | None = None
    at: datetime | None = None
    comment: str = ""
    url: str = ""
    title: str = ""


class TrackerError(Exception):
    """A call the tracker refused or did not answer. `retry`: trying again may help."""

    def __init__(self, message: str, *, status: int | None = None, retry: bool = False):
        super().__init__(message)
        self.message, self.status, self.retry = message, status, retry


def when(value: Any) -> datetime | None:
    """A tracker's timestamp (ISO 8601, or Jira's milliseconds) as a datetime."""
    if isinstance(value, int | float):
        from datetime import UTC

        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if isinstance(value, str):
        parsed = parse_datetime(value.replace(" UTC", "+00:00").replace("Z", "+00:00"))
        if parsed is not None and parsed.tzinfo is None:
            from datetime import UTC

            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return None


def same_secret(given: str, expected: str) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


class Tracker:
    """One tracker's API and webhooks. Subclasses fill in every method."""

    kind: ClassVar[str]
    default_base_url: ClassVar[str] = ""

    def __init__(self, connection: TrackerConnection):
        self.connection = connection

    # --- reading the connection ---

    @property
    def base_url(self) -> str:
        return (self.connection.base_url or self.default_base_url).rstrip("/")

    @property
    def token(self) -> str:
        try:
            return crypto.decrypt(self.connection.token_encrypted) if self.connection.token_encrypted else ""
        except crypto.Unreadable as error:
            raise TrackerError(_("The stored token cannot be read: enter it again.")) from error

    @property
    def webhook_secret(self) -> str:
        stored = self.connection.webhook_secret_encrypted
        try:
            return crypto.decrypt(stored) if stored else ""
        except crypto.Unreadable:
            return ""

    @property
    def labels(self) -> list[str]:
        return [label.strip() for label in self.connection.labels.split(",") if label.strip()]

    # --- what each tracker does its own way ---

    def recognise(self, url: str) -> str | None:
        """The issue key in an issue's address, when the address is one of this project's."""
        raise NotImplementedError

    def create(self, title: str, body: str) -> Issue:
        raise NotImplementedError

    def fetch(self, key: str, remote_id: str = "") -> Issue:
        raise NotImplementedError

    def comment(self, key: str, text: str, remote_id: str = "") -> None:
        raise NotImplementedError

    def verify(self, headers: Mapping[str, str], body: bytes) -> bool:
        """Whether the webhook was signed with this connection's secret."""
        raise NotImplementedError

    def delivery_id(self, headers: Mapping[str, str], payload: dict) -> str:
        raise NotImplementedError

    def events(self, headers: Mapping[str, str], payload: dict) -> tuple[str, list[Event]]:
        """The event's name and what it says about issues ([] when nothing we follow)."""
        raise NotImplementedError

    def is_own_project(self, project: str) -> bool:
        return project.casefold() == self.connection.project.strip().casefold()

    # --- calling the API ---

    def call(self, method: str, url: str, *, json_body: Any = None, headers: dict[str, str] | None = None) -> Any:
        """One API call to a checked address (community.webhooks' rules for private
        networks apply), its JSON answer; TrackerError for anything but a success."""
        try:
            address = check_url(url, resolve=True)[0]
        except UnsafeAddress as error:
            raise TrackerError(" ".join(str(text) for text in error.details.get("url", []))) from error
        sent = {"User-Agent": "Tandem-Trackers/1", "Accept": "application/json", **(headers or {})}
        try:
            with addresses.pinned_session(address) as session:
                response = session.request(
                    method, url, json=json_body, headers=sent, timeout=TIMEOUT, allow_redirects=False
                )
        except requests.Timeout as error:
            raise TrackerError(_("The tracker did not answer in time."), retry=True) from error
        except requests.RequestException as error:
            raise TrackerError(
                _("The tracker could not be reached: %(error)s") % {"error": type(error).__name__}, retry=True
            ) from error
        if response.status_code >= 400 or response.status_code in (301, 302, 303, 307, 308):
            raise TrackerError(
                _("The tracker answered %(code)d: %(text)s")
                % {"code": response.status_code, "text": _excerpt(response)},
                status=response.status_code,
                retry=response.status_code >= 500 or response.status_code == 429,
            )
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError as error:
            raise TrackerError(_("The tracker's answer was not JSON."), status=response.status_code) from error


def _excerpt(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:160]
    if isinstance(data, dict):
        for key in ("message", "errorMessages", "errors", "error"):
            if data.get(key):
                return json.dumps(data[key], ensure_ascii=False)[:160]
    return json.dumps(data, ensure_ascii=False)[:160]
