"""Which client speaks to which kind of tracker."""

from __future__ import annotations

from triage.trackers.base import Tracker
from triage.trackers.github import GitHub
from triage.trackers.gitlab import GitLab
from triage.trackers.jira import Jira, JiraDataCenter
from triage.trackers.linear import Linear
from triage.trackers.models import TrackerConnection

CLIENTS: dict[str, type[Tracker]] = {client.kind: client for client in (GitHub, GitLab, Jira, JiraDataCenter, Linear)}


def client(connection: TrackerConnection) -> Tracker:
    return CLIENTS[connection.kind](connection)
