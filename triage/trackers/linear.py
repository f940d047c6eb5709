"""Linear issues (GraphQL API, a personal API key) and Linear's webhooks: `Issue` and
`Comment` data changes, signed in Linear-Signature (HMAC-SHA256 of the body, hex), with
webhookTimestamp in the body so an old delivery cannot be replayed."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from triage.trackers.base import Event, Issue, State, Tracker, TrackerError, when

STATES = {"started": State.STARTED, "completed": State.DONE, "canceled": State.DECLINED}
FRESH_FOR_MS = 60_000  # Linear's advice: refuse a webhook whose timestamp is older than a minute
ISSUE_FIELDS = "id identifier url title updatedAt completedAt canceledAt state { type name }"


def state_of(issue: dict) -> str:
    return STATES.get((issue.get("state") or {}).get("type", ""), State.OPEN)


class Linear(Tracker):
    kind = "linear"
    default_base_url = "https://api.linear.app"

    @property
    def team_key(self) -> str:
        return self.connection.project.strip().upper()

    def _query(self, query: str, variables: dict) -> dict:
        answer = self.call(
            "POST",
            f"{self.base_url}/graphql",
            json_body={"query": query, "variables": variables},
            headers={"Authorization": self.token, "Content-Type": "application/json"},
        )
        if answer.get("errors"):
            message = "; ".join(str(error.get("message", "")) for error in answer["errors"])[:200]
            raise TrackerError(_("Linear refused: %(message)s") % {"message": message})
        return answer.get("data") or {}

    def _issue(self, data: dict) -> Issue:
        return Issue(
            key=data["identifier"],
            url=data["url"],
            title=data.get("title") or "",
            state=state_of(data),
            updated_at=when(data.get("completedAt") or data.get("canceledAt") or data.get("updatedAt")),
            remote_id=data.get("id", ""),
        )

    def recognise(self, url: str) -> str | None:
        match = re.search(r"/issue/([A-Za-z0-9]+-\d+)", urlsplit(url.strip()).path)
        if match is None or not match.group(1).upper().startswith(f"{self.team_key}-"):
            return None
        return match.group(1).upper()

    def create(self, title: str, body: str) -> Issue:
        found = self._query(
            "query Team($key: String!) { teams(filter: {key: {eq: $key}}) "
            "{ nodes { id labels { nodes { id name } } } } }",
            {"key": self.team_key},
        )
        teams = (found.get("teams") or {}).get("nodes") or []
        if not teams:
            raise TrackerError(_("Linear has no team with the key %(key)s.") % {"key": self.team_key})
        wanted = {label.casefold() for label in self.labels}
        label_ids = [
            label["id"]
            for label in (teams[0].get("labels") or {}).get("nodes") or []
            if label["name"].casefold() in wanted
        ]
        created = self._query(
            f"mutation Create($input: IssueCreateInput!) {{ issueCreate(input: $input) "
            f"{{ success issue {{ {ISSUE_FIELDS} }} }} }}",
            {"input": {"teamId": teams[0]["id"], "title": title, "description": body, "labelIds": label_ids}},
        )
        result = created.get("issueCreate") or {}
        if not result.get("success") or not result.get("issue"):
            raise TrackerError(_("Linear did not create the issue."))
        return self._issue(result["issue"])

    def fetch(self, key: str, remote_id: str = "") -> Issue:
        found = self._query(
            f"query Issue($id: String!) {{ issue(id: $id) {{ {ISSUE_FIELDS} }} }}", {"id": remote_id or key}
        )
        if not found.get("issue"):
            raise TrackerError(_("Linear has no issue %(key)s.") % {"key": key})
        return self._issue(found["issue"])

    def comment(self, key: str, text: str, remote_id: str = "") -> None:
        self._query(
            "mutation Comment($input: CommentCreateInput!) { commentCreate(input: $input) { success } }",
            {"input": {"issueId": remote_id or key, "body": text}},
        )

    def verify(self, headers: Mapping[str, str], body: bytes) -> bool:
        secret = self.webhook_secret
        given = headers.get("Linear-Signature", "")
        if not secret or not given:
            return False
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(given.encode(), expected.encode())

    def fresh(self, payload: dict) -> bool:
        stamp = payload.get("webhookTimestamp")
        return isinstance(stamp, int | float) and abs(time.time() * 1000 - stamp) <= FRESH_FOR_MS

    def delivery_id(self, headers: Mapping[str, str], payload: dict) -> str:
        return headers.get("Linear-Delivery", "")

    def events(self, headers: Mapping[str, str], payload: dict) -> tuple[str, list[Event]]:
        kind, action = payload.get("type", ""), payload.get("action", "")
        data = payload.get("data") or {}
        name = f"{kind}.{action}"
        if kind == "Comment" and action == "create":
            issue = data.get("issue") or {}
            key = issue.get("identifier") or ""
            if not key:
                return name, []
            project = key.rsplit("-", 1)[0]
            return name, [
                Event(
                    project=project,
                    key=key,
                    comment=data.get("body") or "",
                    at=when(data.get("createdAt")),
                    url=issue.get("url", ""),
                    title=issue.get("title", ""),
                )
            ]
        if kind != "Issue" or action not in ("create", "update") or not data.get("identifier"):
            return name, []
        project = (data.get("team") or {}).get("key") or data["identifier"].rsplit("-", 1)[0]
        event = Event(
            project=project,
            key=data["identifier"],
            state=state_of(data),
            at=when(data.get("updatedAt")),
            url=data.get("url", ""),
            title=data.get("title", ""),
        )
        return name, [event]
