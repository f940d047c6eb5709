"""Jira issues: Jira Cloud (REST API 3, an account's e-mail and API token, descriptions in
the Atlassian Document Format) and Jira Data Center (REST API 2, a personal access
token). Webhooks registered by an admin with a secret are signed in X-Hub-Signature
("sha256=" and the HMAC-SHA256 of the body, hex)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from triage.trackers.base import Event, Issue, State, Tracker, when

# Resolutions that close an issue without doing it (Jira's defaults; sites may rename them).
DECLINED_RESOLUTIONS = {"won't do", "won't fix", "duplicate", "cannot reproduce", "declined", "rejected"}


def state_of(fields: dict) -> str:
    category = ((fields.get("status") or {}).get("statusCategory") or {}).get("key", "")
    if category == "done":
        resolution = ((fields.get("resolution") or {}).get("name") or "").casefold()
        return State.DECLINED if resolution in DECLINED_RESOLUTIONS else State.DONE
    return State.STARTED if category == "indeterminate" else State.OPEN


def text_of(body) -> str:
    """A comment's text, whether plain (API 2, webhooks) or a document (API 3)."""
    if isinstance(body, str):
        return body
    if isinstance(body, dict):
        if body.get("type") == "text":
            return body.get("text", "")
        parts = [text_of(child) for child in body.get("content") or []]
        joiner = "\n\n" if body.get("type") == "doc" else ""
        return joiner.join(part for part in parts if part)
    return ""


def document(text: str) -> dict:
    """Plain text as an Atlassian document: one paragraph per paragraph."""
    paragraphs = [block.strip() for block in text.split("\n\n") if block.strip()]
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": block}]} for block in paragraphs],
    }


class Jira(Tracker):
    kind = "jira_cloud"
    api = "3"

    @property
    def project_key(self) -> str:
        return self.connection.project.strip().upper()

    def _headers(self) -> dict[str, str]:
        if self.connection.username:
            pair = f"{self.connection.username}:{self.token}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
        return {"Authorization": f"Bearer {self.token}"}

    def _text(self, text: str):
        return document(text) if self.api == "3" else text

    def _issue(self, data: dict) -> Issue:
        fields = data.get("fields") or {}
        return Issue(
            key=data["key"],
            url=f"{self.base_url}/browse/{data['key']}",
            title=fields.get("summary") or "",
            state=state_of(fields),
            updated_at=when(fields.get("resolutiondate") or fields.get("updated")),
            remote_id=str(data.get("id", "")),
        )

    def recognise(self, url: str) -> str | None:
        parts = urlsplit(url.strip())
        match = re.search(rf"(?<![A-Z0-9]){re.escape(self.project_key)}-\d+\b", f"{parts.path}?{parts.query}")
        return match.group(0) if match else None

    def create(self, title: str, body: str) -> Issue:
        fields = {
            "project": {"key": self.project_key},
            "summary": title[:255],
            "issuetype": {"name": self.connection.issue_type.strip() or "Task"},
            "description": self._text(body),
            "labels": [label.replace(" ", "-") for label in self.labels],
        }
        created = self.call(
            "POST", f"{self.base_url}/rest/api/{self.api}/issue", json_body={"fields": fields}, headers=self._headers()
        )
        return self.fetch(created["key"])

    def fetch(self, key: str, remote_id: str = "") -> Issue:
        url = f"{self.base_url}/rest/api/{self.api}/issue/{key}?fields=summary,status,resolution,updated,resolutiondate"
        return self._issue(self.call("GET", url, headers=self._headers()))

    def comment(self, key: str, text: str, remote_id: str = "") -> None:
        url = f"{self.base_url}/rest/api/{self.api}/issue/{key}/comment"
        self.call("POST", url, json_body={"body": self._text(text)}, headers=self._headers())

    def verify(self, headers: Mapping[str, str], body: bytes) -> bool:
        secret = self.webhook_secret
        method, _sep, given = headers.get("X-Hub-Signature", "").partition("=")
        if not secret or method != "sha256" or not given:
            return False
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(given.encode(), expected.encode())

    def delivery_id(self, headers: Mapping[str, str], payload: dict) -> str:
        given = headers.get("X-Atlassian-Webhook-Identifier", "")
        if given:
            return given
        # Data Center sends no delivery id: the event's time, kind and subject name it.
        issue = payload.get("issue") or {}
        changelog = payload.get("changelog") or {}
        comment = payload.get("comment") or {}
        parts = [
            payload.get("timestamp"),
            payload.get("webhookEvent"),
            issue.get("id"),
            changelog.get("id"),
            comment.get("id"),
        ]
        return ":".join(str(part) for part in parts if part)

    def events(self, headers: Mapping[str, str], payload: dict) -> tuple[str, list[Event]]:
        name = payload.get("webhookEvent", "")
        issue = payload.get("issue") or {}
        fields = issue.get("fields") or {}
        key = issue.get("key", "")
        if not key:
            return name, []
        project = (fields.get("project") or {}).get("key") or key.rsplit("-", 1)[0]
        common = {
            "project": project,
            "key": key,
            "url": f"{self.base_url}/browse/{key}",
            "title": fields.get("summary") or "",
        }
        if name == "comment_created":
            comment = payload.get("comment") or {}
            return name, [Event(**common, comment=text_of(comment.get("body")), at=when(comment.get("created")))]
        if name not in ("jira:issue_created", "jira:issue_updated"):
            return name, []
        events = []
        if comment := payload.get("comment"):  # a comment given with the transition
            events.append(Event(**common, comment=text_of(comment.get("body")), at=when(comment.get("created"))))
        at = when(payload.get("timestamp")) or when(fields.get("updated"))
        events.append(Event(**common, state=state_of(fields), at=at))
        return name, events

    def is_own_project(self, project: str) -> bool:
        return project.upper() == self.project_key


class JiraDataCenter(Jira):
    kind = "jira_dc"
    api = "2"
