"""The loop between ideas and the product team's issue trackers, both ways.

Out: a product manager creates an issue from an idea (its demand summarised, linking
back) or links an issue that exists; staff notes may be posted on it. Each call to a
tracker is a TrackerRequest, tried again with backoff while the tracker fails.

In: each connection has its own webhook address. A webhook is verified the tracker's
own way, kept by the tracker's delivery id (a redelivery changes nothing twice), and
processed by a task. When the state of an idea's issues changes (all done, work
started, reopened), the connection's mapping says which status the idea moves to, and
whether a product manager approves it first; the move goes through the ideas'
workflow and announcements, and is logged as a TrackerChange that can be undone.
Connections that trackers cannot reach are polled instead (poll_due).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community import outbox
from community.errors import InvalidInput, NotAllowed, ServiceError
from community.models import User
from community.rules import clean_text
from community.webhooks.services import UnsafeAddress, check_url
from ideas import services as idea_services
from ideas.models import Idea, IdeaBoardPage, Status
from ideas.workflow import can_move
from triage import demand
from triage.services import require_triage
from triage.trackers.base import Event, TrackerError
from triage.trackers.kinds import client
from triage.trackers.models import IssueLink, TrackerChange, TrackerConnection, TrackerDelivery, TrackerRequest

logger = logging.getLogger(__name__)
State = IssueLink.State
MAX_ATTEMPTS = 6  # 1, 2, 4 … 16 minutes apart
FIRST_RETRY = timedelta(minutes=1)
STUCK_AFTER = timedelta(minutes=5)
COMMENT_FRESH = timedelta(minutes=10)  # a comment this close to the closing is its closing comment
MANAGE_PERMISSION = "triage.change_trackerconnection"
# Which mapping field answers which combined state of an idea's issues.
MAPPING = {
    State.STARTED: "started_status",
    State.DONE: "done_status",
    State.DECLINED: "declined_status",
    State.OPEN: "reopened_status",
}
ASK_FIRST_CHOICES = [
    (State.STARTED, _("work starts")),
    (State.DONE, _("every issue is done")),
    (State.DECLINED, _("closed as not planned")),
    (State.OPEN, _("reopened")),
]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def active_connections():
    return TrackerConnection.objects.filter(is_active=True)


def note_problem(connection: TrackerConnection, problem: str) -> None:
    TrackerConnection.objects.filter(pk=connection.pk).update(
        last_problem=problem[:300], last_problem_at=timezone.now()
    )


# --- Idea → issue ------------------------------------------------------------------------


def issue_body(idea: Idea) -> str:
    """The issue's text: the idea, where it lives, and who asks for it, in numbers and in
    the customers' own words (by segment, never by name)."""
    from ideas.models import Comment

    figures = demand.breakdown(idea)
    lines = [idea.body.strip()[:3_000], "", "---", ""]
    url = IdeaBoardPage.idea_url_outside(idea)
    lines.append(_("From the community: [%(title)s](%(url)s)") % {"title": idea.title, "url": url})
    lines.append("")
    lines.append(
        _("- Votes: %(votes)d (segment-weighted demand %(weighted)s, value-weighted demand %(value)s)")
        % {"votes": idea.vote_count, "weighted": idea.weighted_demand, "value": idea.value_demand}
    )
    if figures.verified:
        lines.append(_("- Verified owners of the product among them: %(count)d") % {"count": figures.verified})
    top = figures.rows[:3]
    if top:
        segments = ", ".join(f"{row.name} ({row.votes})" for row in top)
        lines.append(_("- Top segments: %(segments)s") % {"segments": segments})
    words = (
        Comment.objects.published()
        .filter(idea=idea, is_official=False, parent__isnull=True)
        .select_related("author__segment")
        .annotate(agreed=Count("reactions"))
        .order_by("-agreed", "-created_at")[:3]
    )
    quotes = [comment for comment in words if comment.body.strip()]
    if quotes:
        lines += ["", _("In the customers' words:"), ""]
        for comment in quotes:
            segment = comment.author.segment.name if comment.author.segment_id else _("a customer")
            text = " ".join(comment.body.split())[:400]
            lines.append(f"> {text}\n> — {segment}\n")
    return "\n".join(lines).strip() + "\n"


def create_issue(idea: Idea, connection: TrackerConnection, by: User) -> TrackerRequest:
    """Asks the tracker for a new issue for the idea. The request is kept and sent once
    the transaction commits (at once without a worker); while the tracker fails, it is
    tried again and the sheet shows it waiting."""
    require_triage(by)
    from triage import tasks

    if idea.is_merged:
        raise InvalidInput(idea=[_("A merged idea lives on in the idea it was merged into: use that one.")])
    if not connection.is_active:
        raise InvalidInput(connection=[_("This tracker connection is turned off.")])
    with transaction.atomic():
        request = TrackerRequest.objects.create(
            connection=connection, idea=idea, operation=TrackerRequest.Operation.CREATE_ISSUE, requested_by=by
        )
        outbox.enqueue(tasks.run_tracker_request, request.pk)
    request.refresh_from_db()
    return request


def create_issues(ideas: Iterable[Idea], connection: TrackerConnection, by: User) -> int:
    """create_issue() for each idea that has no issue in this tracker yet."""
    require_triage(by)
    count = 0
    for idea in ideas:
        if idea.is_merged or IssueLink.objects.filter(idea=idea, connection=connection).exists():
            continue
        create_issue(idea, connection, by)
        count += 1
    return count


def link_issue(idea: Idea, url: str, by: User) -> IssueLink:
    """Links an existing issue by its address: the connection is the one whose project
    the address belongs to, and the issue's title and state are read from the tracker."""
    require_triage(by)
    url = url.strip()
    found = None
    for connection in active_connections():
        key = client(connection).recognise(url)
        if key:
            found = (connection, key)
            break
    if found is None:
        raise InvalidInput(url=[_("This is not the address of an issue in a connected tracker's project.")])
    connection, key = found
    try:
        issue = client(connection).fetch(key)
    except TrackerError as error:
        raise InvalidInput(
            url=[_("The tracker could not tell us about this issue: %(error)s") % {"error": error}]
        ) from error
    return _link(idea, connection, issue, by)


def _link(idea: Idea, connection: TrackerConnection, issue, by: User | None) -> IssueLink:
    try:
        with transaction.atomic():
            link = IssueLink.objects.create(
                idea=idea,
                connection=connection,
                key=issue.key,
                remote_id=issue.remote_id,
                url=issue.url[:500],
                title=issue.title[:300],
                state=issue.state,
                state_at=issue.updated_at,
                created_by=by,
            )
            _mark_tracked(idea)
    except IntegrityError as error:
        raise InvalidInput(url=[_("This issue is already linked to the idea.")]) from error
    return link


def _mark_tracked(idea: Idea, removed_url: str = "") -> None:
    """The public page shows "tracked" while the idea has an issue: the first linked
    issue's address fills an empty external address, and leaves with its issue."""
    from community.changes import changed

    first = IssueLink.objects.filter(idea=idea).order_by("pk").values_list("url", flat=True).first() or ""
    rows = Idea.objects.filter(pk=idea.pk)
    if removed_url:
        rows.filter(external_url=removed_url).update(external_url=first)
    else:
        rows.filter(external_url="").update(external_url=first)
    changed(idea)


def unlink(link: IssueLink, by: User) -> None:
    require_triage(by)
    idea = link.idea
    with transaction.atomic():
        link.delete()
        _mark_tracked(idea, removed_url=link.url)


def post_note(idea: Idea, connection: TrackerConnection, text: str, by: User) -> int:
    """A staff note copied to each of the idea's issues in this tracker, where the
    connection allows it. Returns how many requests were queued."""
    require_triage(by)
    from triage import tasks

    if not connection.post_notes:
        raise InvalidInput(connection=[_("This connection does not post notes on issues.")])
    count = 0
    with transaction.atomic():
        for link in IssueLink.objects.filter(idea=idea, connection=connection):
            request = TrackerRequest.objects.create(
                connection=connection,
                idea=idea,
                link=link,
                operation=TrackerRequest.Operation.COMMENT,
                payload={"text": text},
                requested_by=by,
            )
            outbox.enqueue(tasks.run_tracker_request, request.pk)
            count += 1
    return count


# --- Calls to trackers, with retries ---------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)


def _claim(request_id: int) -> TrackerRequest | None:
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    states = [TrackerRequest.State.PENDING, TrackerRequest.State.RETRYING]
    claimed = (
        TrackerRequest.objects.filter(pk=request_id, state__in=states)
        .filter(due)
        .update(state=TrackerRequest.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return TrackerRequest.objects.select_related("connection", "idea", "link").get(pk=request_id)


def run_request(request_id: int) -> str:
    """One attempt at a call to a tracker; its state afterwards ("" when it was not due)."""
    request = _claim(request_id)
    if request is None:
        return ""
    tracker = client(request.connection)
    error, code, retry = "", None, False
    try:
        if request.operation == TrackerRequest.Operation.CREATE_ISSUE:
            idea = Idea.objects.select_related("product").get(pk=request.idea_id)
            issue = tracker.create(idea.title, issue_body(idea))
            link = IssueLink.objects.filter(idea=idea, connection=request.connection, key=issue.key).first()
            if link is None:
                link = _link(idea, request.connection, issue, request.requested_by)
            request.link = link
        elif request.link is not None:
            tracker.comment(request.link.key, request.payload.get("text", ""), request.link.remote_id)
    except TrackerError as failure:
        error, code, retry = failure.message, failure.status, failure.retry
    except ServiceError as failure:
        error = " ".join(failure.texts())
    return _record(request, error, code, retry)


def _record(request: TrackerRequest, error: str, code: int | None, retry: bool) -> str:
    now = timezone.now()
    S = TrackerRequest.State
    if not error:
        state, next_attempt = S.DONE, None
    elif retry and request.attempts < MAX_ATTEMPTS and request.connection.is_active:
        state, next_attempt = S.RETRYING, now + backoff(request.attempts)
    else:
        state, next_attempt = S.FAILED, None
    TrackerRequest.objects.filter(pk=request.pk).update(
        state=state,
        next_attempt_at=next_attempt,
        last_attempt_at=now,
        claimed_at=None,
        response_code=code,
        error=error[:300],
        link=request.link,
    )
    if error:
        logger.warning("Tracker request %s to %s failed: %s", request.pk, request.connection, error)
        note_problem(request.connection, error)
    return state


def due_requests(limit: int = 200) -> list[int]:
    """Retries whose time has come, requests whose task was lost, and claims of workers
    that died."""
    now = timezone.now()
    S = TrackerRequest.State
    TrackerRequest.objects.filter(state=S.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        state=S.RETRYING, claimed_at=None, next_attempt_at=now
    )
    due = Q(state=S.RETRYING, next_attempt_at__lte=now) | Q(state=S.PENDING, created_at__lt=now - timedelta(minutes=2))
    return list(TrackerRequest.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:limit])


def retry_request(request: TrackerRequest, by: User) -> TrackerRequest:
    """Tries a failed request again at once, from the sheet."""
    require_triage(by)
    from triage import tasks

    with transaction.atomic():
        TrackerRequest.objects.filter(pk=request.pk).exclude(
            state__in=[TrackerRequest.State.SENDING, TrackerRequest.State.DONE]
        ).update(state=TrackerRequest.State.PENDING, attempts=0, next_attempt_at=None, error="")
        outbox.enqueue(tasks.run_tracker_request, request.pk)
    request.refresh_from_db()
    return request


# --- Issue → idea: webhooks ---------------------------------------------------------------------


class Refused(ServiceError):
    status = 401


def receive(
    connection: TrackerConnection, headers: Mapping[str, str], body: bytes, payload: dict
) -> TrackerDelivery | None:
    """A webhook from the connection's tracker: verified, kept once, processed by a task.
    Returns None when it was received before (a redelivery). Refused when the signature
    is wrong or missing; InvalidInput when it cannot be named."""
    from triage import tasks

    tracker = client(connection)
    if not connection.is_active:
        raise Refused(_("This tracker connection is turned off."))
    if not tracker.verify(headers, body):
        raise Refused(_("The signature does not match this connection's webhook secret."))
    if hasattr(tracker, "fresh") and not tracker.fresh(payload):
        raise Refused(_("The webhook is too old to be trusted (its timestamp is more than a minute away)."))
    delivery_id = tracker.delivery_id(headers, payload)[:200]
    if not delivery_id:
        raise InvalidInput(delivery=[_("The webhook carries no delivery id.")])
    name, _events = tracker.events(headers, payload)
    try:
        with transaction.atomic():
            delivery = TrackerDelivery.objects.create(
                connection=connection, delivery_id=delivery_id, event=name[:100], payload=payload
            )
            TrackerConnection.objects.filter(pk=connection.pk).update(last_event_at=timezone.now())
            outbox.enqueue(tasks.process_tracker_delivery, delivery.pk)
    except IntegrityError:
        return None
    return delivery


def process(delivery_id: int) -> str:
    """What a webhook says, applied to the ideas whose issues it names. Safe to run
    twice: a delivery is processed once."""
    claimed = TrackerDelivery.objects.filter(pk=delivery_id, state=TrackerDelivery.State.RECEIVED).update(
        processed_at=timezone.now()
    )
    delivery = TrackerDelivery.objects.select_related("connection").get(pk=delivery_id)
    if not claimed or delivery.state != TrackerDelivery.State.RECEIVED:
        return delivery.state
    tracker = client(delivery.connection)
    _name, events = tracker.events({"X-GitHub-Event": _github_event(delivery)}, delivery.payload)
    outcomes, state = [], TrackerDelivery.State.PROCESSED
    if not events:
        outcomes, state = [_("Nothing to do for this event.")], TrackerDelivery.State.IGNORED
    for event in events:
        if not tracker.is_own_project(event.project):
            outcomes.append(_("%(project)s is not this connection's project.") % {"project": event.project})
            state = TrackerDelivery.State.IGNORED
            continue
        outcomes += apply_event(delivery.connection, event)
    TrackerDelivery.objects.filter(pk=delivery.pk).update(state=state, outcome=" ".join(outcomes)[:300])
    return state


def _github_event(delivery: TrackerDelivery) -> str:
    """GitHub names its events in a header, which is not kept: the stored name says it."""
    return delivery.event.split(".")[0]


def apply_event(connection: TrackerConnection, event: Event) -> list[str]:
    """One issue's new state or comment, for every idea it is linked to."""
    outcomes = []
    links = list(IssueLink.objects.filter(connection=connection, key=event.key).select_related("idea"))
    if not links:
        return [_("%(key)s is not linked to an idea.") % {"key": event.key}]
    for link in links:
        if event.comment:
            IssueLink.objects.filter(pk=link.pk).update(last_comment=event.comment[:5_000], last_comment_at=event.at)
            outcomes.append(_("Comment kept for %(key)s.") % {"key": event.key})
            continue
        if event.state is None:
            continue
        outcomes.append(update_state(link, event.state, event.at))
    return outcomes


def update_state(link: IssueLink, state: str, at, *, source: str = "") -> str:
    """Records an issue's state and moves its idea when the combined state of the
    idea's issues changes. A state older than the one known is ignored (events arrive
    out of order)."""
    with transaction.atomic():
        # Locked without a join (ideas.services._locked says why); the links are read
        # under that lock, so two issues closing at once are counted one after the other.
        idea = idea_services.locked_idea(link.idea_id)
        links = list(IssueLink.objects.filter(idea=idea).select_related("connection"))
        current = next((each for each in links if each.pk == link.pk), None)
        if current is None:
            return _("The link was removed.")
        if at is not None and current.state_at is not None and at < current.state_at:
            return _("%(key)s: an older event, ignored.") % {"key": current.key}
        before = combined([each.state for each in links])
        IssueLink.objects.filter(pk=current.pk).update(state=state, state_at=at or timezone.now())
        current.state = state
        after = combined([each.state for each in links])
        if after == before:
            return _("%(key)s is now %(state)s; the idea stays.") % {
                "key": current.label,
                "state": current.get_state_display(),
            }
        return _move(idea, current, before, after, source)


def combined(states: list[str]) -> str:
    """The state of an idea's issues together: done when all are closed and one done,
    started when any work began or part is done, otherwise open."""
    if states and all(state in (State.DONE, State.DECLINED) for state in states):
        return State.DONE if State.DONE in states else State.DECLINED
    if any(state in (State.STARTED, State.DONE) for state in states):
        return State.STARTED
    return State.OPEN


def _move(idea: Idea, link: IssueLink, before: str, after: str, source: str) -> str:
    connection = link.connection
    if after == State.OPEN and before not in (State.DONE, State.DECLINED):
        return _("%(key)s reopened; the idea stays.") % {"key": link.label}
    target: Status | None = getattr(connection, MAPPING[after])
    if target is None or target.pk == idea.status_id:
        return _("No move is set for this; the idea stays.")
    source = source or _("%(connection)s: %(key)s %(state)s") % {
        "connection": connection.name,
        "key": link.label,
        "state": IssueLink.State(after).label,
    }
    message = _message(connection, link, after)
    change = TrackerChange(
        idea=idea, link=link, source=source[:300], from_status=idea.status, to_status=target, message=message
    )
    if idea.is_merged or not can_move(idea.status.stage, target.stage):
        change.state = TrackerChange.State.REFUSED
        change.reason = _("The workflow does not allow “%(from)s” → “%(to)s”.") % {
            "from": idea.status.label,
            "to": target.label,
        }
        change.save()
        return change.reason
    if after in (connection.ask_first or []):
        change.state = TrackerChange.State.HELD
        change.save()
        return _("Waiting for a product manager: %(to)s.") % {"to": target.label}
    status_change = idea_services.change_status_by_rule(idea, target, message)
    change.state, change.status_change = TrackerChange.State.APPLIED, status_change
    change.save()
    return _("The idea moved to %(to)s.") % {"to": target.label}


def _message(connection: TrackerConnection, link: IssueLink, after: str) -> str:
    fresh = (
        link.last_comment_at is None or link.state_at is None or link.last_comment_at >= link.state_at - COMMENT_FRESH
    )
    if (
        connection.message_source == TrackerConnection.MessageSource.TRACKER
        and after == State.DONE
        and link.last_comment
        and fresh
    ):
        return link.last_comment.strip()[:5_000]
    return connection.standard_message.strip()


# --- Held changes, undo ---------------------------------------------------------------------------


def approve(change: TrackerChange, by: User, message: str | None = None) -> TrackerChange:
    """A product manager lets a held change happen, with the message as proposed or edited."""
    require_triage(by)
    if change.state != TrackerChange.State.HELD:
        raise InvalidInput(change=[_("This change is no longer waiting.")])
    text = change.message if message is None else clean_text("message", message, 5_000, required=False)
    status_change = idea_services.change_status(change.idea, change.to_status, by, text)
    TrackerChange.objects.filter(pk=change.pk).update(
        state=TrackerChange.State.APPLIED,
        status_change=status_change,
        message=text,
        decided_by=by,
        decided_at=timezone.now(),
    )
    change.refresh_from_db()
    return change


def dismiss(change: TrackerChange, by: User) -> TrackerChange:
    require_triage(by)
    if change.state != TrackerChange.State.HELD:
        raise InvalidInput(change=[_("This change is no longer waiting.")])
    TrackerChange.objects.filter(pk=change.pk).update(
        state=TrackerChange.State.DISMISSED, decided_by=by, decided_at=timezone.now()
    )
    change.refresh_from_db()
    return change


def undo(change: TrackerChange, by: User, message: str = "") -> TrackerChange:
    """Moves the idea back where it was before an automatic change, while nothing else
    has moved it since."""
    require_triage(by)
    if not by.has_perm("ideas.change_idea_status"):
        raise NotAllowed()
    idea = Idea.objects.select_related("status").get(pk=change.idea_id)
    if change.state != TrackerChange.State.APPLIED:
        raise InvalidInput(change=[_("Only an applied change can be undone.")])
    if idea.status_id != change.to_status_id:
        raise InvalidInput(change=[_("The idea has moved since; change its status instead.")])
    message = clean_text("message", message, 5_000, required=False)
    idea_services.change_status_by_rule(idea, change.from_status, message, changed_by=by, restoring=True)
    TrackerChange.objects.filter(pk=change.pk).update(
        state=TrackerChange.State.UNDONE, decided_by=by, decided_at=timezone.now()
    )
    change.refresh_from_db()
    return change


def held_changes():
    return TrackerChange.objects.filter(state=TrackerChange.State.HELD)


# --- Polling, for trackers that cannot reach us -------------------------------------------------------


POLL_BATCH = 50  # issues per connection per round: within every tracker's rate limits
MAX_BACKOFF = timedelta(hours=6)


def poll_due(now=None) -> int:
    """Checks the linked issues of each polled connection whose interval has passed;
    a connection whose tracker fails waits twice as long each time (at most 6 hours)."""
    now = now or timezone.now()
    checked = 0
    for connection in active_connections().filter(poll_minutes__gt=0):
        wait = timedelta(minutes=connection.poll_minutes) * 2 ** min(connection.poll_failures, 8)
        if connection.last_polled_at and now - connection.last_polled_at < min(wait, MAX_BACKOFF):
            continue
        checked += poll(connection, now)
    return checked


def poll(connection: TrackerConnection, now=None) -> int:
    now = now or timezone.now()
    tracker = client(connection)
    links = (
        IssueLink.objects.filter(connection=connection)
        .exclude(idea__merged_into__isnull=False)
        .order_by(F("state_at").asc(nulls_first=True), "pk")[:POLL_BATCH]
    )
    seen: dict[str, object] = {}
    try:
        for link in links:
            if link.key not in seen:
                seen[link.key] = tracker.fetch(link.key, link.remote_id)
            issue = seen[link.key]
            if issue.state != link.state:  # type: ignore[attr-defined]
                update_state(link, issue.state, issue.updated_at or now)  # type: ignore[attr-defined]
    except TrackerError as error:
        TrackerConnection.objects.filter(pk=connection.pk).update(
            last_polled_at=now, poll_failures=F("poll_failures") + 1
        )
        note_problem(connection, error.message)
        return 0
    TrackerConnection.objects.filter(pk=connection.pk).update(last_polled_at=now, poll_failures=0)
    return len(seen)


# --- Connections -------------------------------------------------------------------------------------

PROJECT_FORMS = {
    TrackerConnection.Kind.GITHUB: (r"^[\w.-]+/[\w.-]+$", _("Enter owner/repository, e.g. acme/app.")),
    TrackerConnection.Kind.GITLAB: (r"^[\w.-]+(/[\w.-]+)+$", _("Enter group/project, e.g. acme/app.")),
    TrackerConnection.Kind.JIRA_CLOUD: (r"^[A-Za-z][A-Za-z0-9_]{1,9}$", _("Enter the project key, e.g. APP.")),
    TrackerConnection.Kind.JIRA_DC: (r"^[A-Za-z][A-Za-z0-9_]{1,9}$", _("Enter the project key, e.g. APP.")),
    TrackerConnection.Kind.LINEAR: (r"^[A-Za-z0-9]{1,7}$", _("Enter the team key, e.g. ENG.")),
}


def check_connection(*, kind: str, base_url: str, project: str, username: str, has_token: bool) -> None:
    """The checks of the connection form: what each tracker needs to be reached."""
    errors: dict[str, list] = {}
    pattern, hint = PROJECT_FORMS.get(kind, (r".+", ""))
    if not re.match(pattern, project.strip()):
        errors["project"] = [hint]
    jira = kind in (TrackerConnection.Kind.JIRA_CLOUD, TrackerConnection.Kind.JIRA_DC)
    if jira and not base_url:
        errors["base_url"] = [_("Enter the Jira site's address.")]
    if base_url:
        try:
            check_url(base_url, resolve=False)
        except UnsafeAddress as error:
            errors["base_url"] = error.details["url"]
    if kind == TrackerConnection.Kind.JIRA_CLOUD and not username.strip():
        errors["username"] = [_("Jira Cloud needs the e-mail address of the token's account.")]
    if not has_token:
        errors["token"] = [_("Enter the token Tandem uses to call the tracker.")]
    if errors:
        raise InvalidInput(**errors)
