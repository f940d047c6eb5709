"""GitHub issues (REST API 2022-11-28) and GitHub's webhooks: `issues` and
`issue_comment` events, signed in X-Hub-Signature-256 (HMAC-SHA256 of the body)."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from triage.trackers.base import Event, Issue, State, Tracker, when

API_VERSION = "2022-11-28"
ISSUE_PATH = re.compile(r"^/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/issues/(?P<number>\d+)/?$")
DECLINED_REASONS = {"not_planned", "duplicate"}


def state_of(issue: dict) -> str:
    if issue.get("state") != "closed":
        return State.OPEN
    return State.DECLINED if issue.get("state_reason") in DECLINED_REASONS else State.DONE


class GitHub(Tracker):
    kind = "github"
    default_base_url = "https://api.github.com"

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
        }

    def _issues_url(self) -> str:
        return f"{self.base_url}/repos/{self.connection.project.strip()}/issues"

    def _issue(self, data: dict) -> Issue:
        return Issue(
            key=str(data["number"]),
            url=data["html_url"],
            title=data.get("title") or "",
            state=state_of(data),
            updated_at=when(data.get("closed_at") or data.get("updated_at")),
        )

    def recognise(self, url: str) -> str | None:
        match = ISSUE_PATH.match(urlsplit(url.strip()).path)
        if match is None or not self.is_own_project(f"{match['owner']}/{match['repo']}"):
            return None
        return match["number"]

    def create(self, title: str, body: str) -> Issue:
        data = {"title": title, "body": body, "labels": self.labels}
        return self._issue(self.call("POST", self._issues_url(), json_body=data, headers=self._headers()))

    def fetch(self, key: str, remote_id: str = "") -> Issue:
        return self._issue(self.call("GET", f"{self._issues_url()}/{key}", headers=self._headers()))

    def comment(self, key: str, text: str, remote_id: str = "") -> None:
        self.call("POST", f"{self._issues_url()}/{key}/comments", json_body={"body": text}, headers=self._headers())

    def verify(self, headers: Mapping[str, str], body: bytes) -> bool:
        secret = self.webhook_secret
        given = headers.get("X-Hub-Signature-256", "")
        if not secret or not given.startswith("sha256="):
            return False
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(given.encode(), expected.encode())

    def delivery_id(self, headers: Mapping[str, str], payload: dict) -> str:
        return headers.get("X-GitHub-Delivery", "")

    def events(self, headers: Mapping[str, str], payload: dict) -> tuple[str, list[Event]]:
        name = headers.get("X-GitHub-Event", "")
        action = payload.get("action", "")
        issue = payload.get("issue") or {}
        project = (payload.get("repository") or {}).get("full_name", "")
        if name not in ("issues", "issue_comment") or not issue.get("number"):
            return f"{name}.{action}".strip("."), []
        common = {
            "project": project,
            "key": str(issue["number"]),
            "url": issue.get("html_url", ""),
            "title": issue.get("title", ""),
        }
        if name == "issue_comment":
            if action != "created" or "pull_request" in issue:
                return f"{name}.{action}", []
            comment = payload.get("comment") or {}
            event = Event(**common, comment=comment.get("body") or "", at=when(comment.get("created_at")))
            return f"{name}.{action}", [event]
        if action not in ("opened", "closed", "reopened"):
            return f"{name}.{action}", []
        at = when(issue.get("closed_at") if action == "closed" else issue.get("updated_at"))
        return f"{name}.{action}", [Event(**common, state=state_of(issue), at=at)]
