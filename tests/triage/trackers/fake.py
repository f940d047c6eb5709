"""Four issue trackers on this machine, for tests: one HTTP server that answers as
GitHub's REST API, GitLab's REST API v4, Jira's REST API (2 and 3) and Linear's GraphQL
API do, for the calls Tandem makes (create an issue, read one, comment), written from
their published descriptions. It keeps the issues it made, checks the credentials it
was given, and can be told to fail (an HTTP status, or silence past the timeout)."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

NOW = "2026-12-01T10:00:00Z"


@dataclass
class FakeTrackers:
    url: str = ""
    token: str = "secret-token"
    jira_user: str = "pm@example.com"
    issues: dict = field(default_factory=dict)  # (tracker, key) -> issue as the tracker shows it
    comments: list = field(default_factory=list)  # (tracker, key, text)
    requests: list = field(default_factory=list)  # (method, path, body)
    fail_with: list = field(default_factory=list)  # statuses to answer next, one per request
    stall_for: float = 0.0  # seconds to wait before answering
    counter: int = 0

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    def set_state(self, tracker: str, key: str, **changes) -> None:
        self.issues[(tracker, key)].update(changes)


def start_trackers() -> tuple[FakeTrackers, ThreadingHTTPServer]:
    fake = FakeTrackers()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, code: int, data) -> None:
            body = json.dumps(data).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length) if length else b""
            data = json.loads(raw) if raw else {}
            path = urlsplit(self.path).path
            with lock:
                fake.requests.append((method, self.path, data))
                failure = fake.fail_with.pop(0) if fake.fail_with else None
            if fake.stall_for:
                time.sleep(fake.stall_for)
            if failure:
                return self._answer(failure, {"message": "Server Error"})
            with lock:
                code, answer = route(fake, method, path, self.headers, data)
            self._answer(code, answer)

        def do_GET(self):
            self._handle("GET")

        def do_POST(self):
            self._handle("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server


def route(fake: FakeTrackers, method: str, path: str, headers, data: dict):
    if match := re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues(?:/(\d+))?(/comments)?", path):
        return github(fake, method, match, headers, data)
    if match := re.fullmatch(r"/api/v4/projects/([^/]+)/issues(?:/(\d+))?(/notes)?", path):
        return gitlab(fake, method, match, headers, data)
    if match := re.fullmatch(r"/rest/api/([23])/issue(?:/([A-Z][A-Z0-9_]*-\d+))?(/comment)?", path):
        return jira(fake, method, match, headers, data)
    if path == "/graphql":
        return linear(fake, headers, data)
    return 404, {"message": "Not Found"}


def github(fake, method, match, headers, data):
    if headers.get("Authorization") != f"Bearer {fake.token}":
        return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}
    repo = f"{match[1]}/{match[2]}"
    if match[3] is None:
        if not data.get("title"):
            return 422, {"message": "Validation Failed", "errors": [{"field": "title", "code": "missing_field"}]}
        number = fake.next_number()
        fake.issues[("github", str(number))] = {
            "number": number,
            "html_url": f"https://github.com/{repo}/issues/{number}",
            "title": data["title"],
            "body": data.get("body"),
            "labels": [{"name": name} for name in data.get("labels", [])],
            "state": "open",
            "state_reason": None,
            "updated_at": NOW,
            "closed_at": None,
        }
        return 201, fake.issues[("github", str(number))]
    issue = fake.issues.get(("github", match[3]))
    if issue is None:
        return 404, {"message": "Not Found"}
    if match[4]:
        fake.comments.append(("github", match[3], data["body"]))
        return 201, {"id": len(fake.comments), "body": data["body"]}
    return 200, issue


def gitlab(fake, method, match, headers, data):
    if headers.get("PRIVATE-TOKEN") != fake.token:
        return 401, {"message": "401 Unauthorized"}
    project = unquote(match[1])
    if match[2] is None:
        iid = fake.next_number()
        fake.issues[("gitlab", str(iid))] = {
            "iid": iid,
            "web_url": f"https://gitlab.example.com/{project}/-/issues/{iid}",
            "title": data["title"],
            "description": data.get("description"),
            "labels": [label for label in data.get("labels", "").split(",") if label],
            "state": "opened",
            "updated_at": NOW,
            "closed_at": None,
        }
        return 201, fake.issues[("gitlab", str(iid))]
    issue = fake.issues.get(("gitlab", match[2]))
    if issue is None:
        return 404, {"message": "404 Not found"}
    if match[3]:
        fake.comments.append(("gitlab", match[2], data["body"]))
        return 201, {"id": len(fake.comments), "body": data["body"]}
    return 200, issue


def jira(fake, method, match, headers, data):
    version = match[1]
    expected = (
        "Basic " + base64.b64encode(f"{fake.jira_user}:{fake.token}".encode()).decode()
        if version == "3"
        else f"Bearer {fake.token}"
    )
    if headers.get("Authorization") != expected:
        return 401, {"errorMessages": ["You are not authenticated."], "errors": {}}
    if match[2] is None:
        fields = data.get("fields") or {}
        if version == "3" and not isinstance(fields.get("description"), dict):
            return 400, {
                "errorMessages": [],
                "errors": {"description": "Operation value must be an Atlassian Document"},
            }
        number = fake.next_number()
        key = f"{fields['project']['key']}-{number}"
        fake.issues[("jira", key)] = {
            "id": str(10000 + number),
            "key": key,
            "fields": {
                "summary": fields["summary"],
                "description": fields.get("description"),
                "issuetype": fields.get("issuetype"),
                "labels": fields.get("labels", []),
                "status": {"name": "To Do", "statusCategory": {"key": "new"}},
                "resolution": None,
                "updated": "2026-12-01T10:00:00.000+0000",
                "resolutiondate": None,
            },
        }
        return 201, {"id": str(10000 + number), "key": key, "self": f"{fake.url}/rest/api/{version}/issue/{key}"}
    issue = fake.issues.get(("jira", match[2]))
    if issue is None:
        return 404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}
    if match[3]:
        fake.comments.append(("jira", match[2], data["body"]))
        return 201, {"id": str(len(fake.comments)), "body": data["body"]}
    return 200, issue


def linear(fake, headers, data):
    if headers.get("Authorization") != fake.token:
        return 400, {
            "errors": [
                {
                    "message": "Authentication required, not authenticated",
                    "extensions": {"code": "AUTHENTICATION_ERROR"},
                }
            ]
        }
    query, variables = data.get("query", ""), data.get("variables") or {}
    if "teams(" in query:
        key = variables["key"]
        nodes = [{"id": f"team-{key}", "labels": {"nodes": [{"id": "label-1", "name": "From customers"}]}}]
        return 200, {"data": {"teams": {"nodes": nodes if key == "ENG" else []}}}
    if "issueCreate" in query:
        given = variables["input"]
        number = fake.next_number()
        identifier = f"{given['teamId'].removeprefix('team-')}-{number}"
        issue = {
            "id": f"uuid-{number}",
            "identifier": identifier,
            "url": f"https://linear.app/acme/issue/{identifier}/x",
            "title": given["title"],
            "description": given.get("description"),
            "labelIds": given.get("labelIds", []),
            "updatedAt": NOW,
            "completedAt": None,
            "canceledAt": None,
            "state": {"type": "unstarted", "name": "Todo"},
        }
        fake.issues[("linear", identifier)] = issue
        return 200, {"data": {"issueCreate": {"success": True, "issue": issue}}}
    if "commentCreate" in query:
        given = variables["input"]
        key = next(
            (k for (t, k), issue in fake.issues.items() if t == "linear" and issue["id"] == given["issueId"]),
            given["issueId"],
        )
        fake.comments.append(("linear", key, given["body"]))
        return 200, {"data": {"commentCreate": {"success": True}}}
    if "issue(" in query:
        wanted = variables["id"]
        found = next(
            (issue for (t, k), issue in fake.issues.items() if t == "linear" and wanted in (k, issue["id"])), None
        )
        if found is None:
            return 200, {"data": {"issue": None}, "errors": [{"message": "Entity not found: Issue"}]}
        return 200, {"data": {"issue": found}}
    return 400, {"errors": [{"message": "Unknown query"}]}
