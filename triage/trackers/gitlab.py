"""GitLab issues (REST API v4, gitlab.com or self-hosted) and GitLab's webhooks: the
"Issue Hook" and "Note Hook", authenticated by the secret token in X-Gitlab-Token."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote, urlsplit

from triage.trackers.base import Event, Issue, State, Tracker, same_secret, when

ISSUE_PATH = re.compile(r"^/(?P<project>.+?)/-/(?:issues|work_items)/(?P<iid>\d+)/?$")


def state_of(issue: dict) -> str:
    return State.DONE if issue.get("state") == "closed" else State.OPEN


class GitLab(Tracker):
    kind = "gitlab"
    default_base_url = "https://gitlab.com"

    def _headers(self) -> dict[str, str]:
        return {"PRIVATE-TOKEN": self.token}

    def _issues_url(self) -> str:
        project = quote(self.connection.project.strip(), safe="")
        return f"{self.base_url}/api/v4/projects/{project}/issues"

    def _issue(self, data: dict) -> Issue:
        return Issue(
            key=str(data["iid"]),
            url=data["web_url"],
            title=data.get("title") or "",
            state=state_of(data),
            updated_at=when(data.get("closed_at") or data.get("updated_at")),
        )

    def recognise(self, url: str) -> str | None:
        match = ISSUE_PATH.match(urlsplit(url.strip()).path)
        if match is None or not self.is_own_project(match["project"]):
            return None
        return match["iid"]

    def create(self, title: str, body: str) -> Issue:
        data = {"title": title, "description": body, "labels": ",".join(self.labels)}
        return self._issue(self.call("POST", self._issues_url(), json_body=data, headers=self._headers()))

    def fetch(self, key: str, remote_id: str = "") -> Issue:
        return self._issue(self.call("GET", f"{self._issues_url()}/{key}", headers=self._headers()))

    def comment(self, key: str, text: str, remote_id: str = "") -> None:
        self.call("POST", f"{self._issues_url()}/{key}/notes", json_body={"body": text}, headers=self._headers())

    def verify(self, headers: Mapping[str, str], body: bytes) -> bool:
        return same_secret(headers.get("X-Gitlab-Token", ""), self.webhook_secret)

    def delivery_id(self, headers: Mapping[str, str], payload: dict) -> str:
        # Idempotency-Key stays the same when GitLab retries (17.4 and later); the
        # event's UUID is the fallback for older versions.
        return headers.get("Idempotency-Key", "") or headers.get("X-Gitlab-Event-UUID", "")

    def events(self, headers: Mapping[str, str], payload: dict) -> tuple[str, list[Event]]:
        kind = payload.get("object_kind", "")
        attributes = payload.get("object_attributes") or {}
        project = (payload.get("project") or {}).get("path_with_namespace", "")
        if kind == "note":
            issue = payload.get("issue") or {}
            if attributes.get("noteable_type") != "Issue" or not issue.get("iid"):
                return "note", []
            event = Event(
                project=project,
                key=str(issue["iid"]),
                comment=attributes.get("note") or "",
                at=when(attributes.get("created_at")),
                url=issue.get("url", ""),
                title=issue.get("title", ""),
            )
            return "note", [event]
        action = attributes.get("action", "")
        if kind != "issue" or action not in ("open", "close", "reopen") or not attributes.get("iid"):
            return f"{kind}.{action}".strip("."), []
        at = when(attributes.get("closed_at") if action == "close" else attributes.get("updated_at"))
        event = Event(
            project=project,
            key=str(attributes["iid"]),
            state=state_of(attributes),
            at=at,
            url=attributes.get("url", ""),
            title=attributes.get("title", ""),
        )
        return f"issue.{action}", [event]
