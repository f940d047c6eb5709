"""Connections to the product team's issue trackers, the issues linked to ideas, and the
record of what each side told the other."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrackerConnection(models.Model):
    """One project in one tracker. Its token and webhook secret are kept encrypted
    (community.crypto) and never shown again once saved."""

    class Kind(models.TextChoices):
        GITHUB = "github", "GitHub"
        GITLAB = "gitlab", "GitLab"
        JIRA_CLOUD = "jira_cloud", "Jira Cloud"
        JIRA_DC = "jira_dc", "Jira Data Center"
        LINEAR = "linear", "Linear"

    class MessageSource(models.TextChoices):
        STANDARD = "standard", _("The standard message below")
        TRACKER = "tracker", _("The issue's closing comment, when there is one")

    name = models.CharField(_("name"), max_length=80, help_text=_("How the team calls it, e.g. “App backlog”."))
    kind = models.CharField(_("tracker"), max_length=12, choices=Kind.choices)
    base_url = models.URLField(
        _("address"),
        blank=True,
        help_text=_(
            "Jira: the site, e.g. https://acme.atlassian.net. GitLab: only when self-hosted. "
            "GitHub Enterprise: https://host/api/v3. Empty for github.com, gitlab.com and Linear."
        ),
    )
    project = models.CharField(
        _("project"),
        max_length=200,
        help_text=_(
            "GitHub: owner/repository. GitLab: group/project. Jira: the project key, e.g. APP. Linear: the team key."
        ),
    )
    issue_type = models.CharField(
        _("issue type"), max_length=60, blank=True, help_text=_("Jira only, e.g. Story. Empty: Task.")
    )
    username = models.CharField(
        _("account e-mail"),
        max_length=200,
        blank=True,
        help_text=_("Jira Cloud only: the e-mail address of the account the API token belongs to."),
    )
    token_encrypted = models.TextField(blank=True, editable=False)
    webhook_secret_encrypted = models.TextField(blank=True, editable=False)
    webhook_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    labels = models.CharField(
        _("labels"),
        max_length=200,
        blank=True,
        help_text=_("Given to every issue created from an idea, comma-separated."),
    )
    started_status = models.ForeignKey(
        "ideas.Status",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("when work starts, move the idea to"),
    )
    done_status = models.ForeignKey(
        "ideas.Status",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("when every linked issue is done, move the idea to"),
    )
    declined_status = models.ForeignKey(
        "ideas.Status",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("when every linked issue is closed as not planned, move the idea to"),
    )
    reopened_status = models.ForeignKey(
        "ideas.Status",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("when a closed issue is reopened, move the idea to"),
    )
    ask_first = models.JSONField(
        _("ask a product manager first"),
        default=list,
        blank=True,
        help_text=_("For these moves the change waits on the idea's triage sheet until someone approves it."),
    )
    message_source = models.CharField(
        _("public message"), max_length=10, choices=MessageSource.choices, default=MessageSource.STANDARD
    )
    standard_message = models.TextField(
        _("standard message"),
        max_length=2_000,
        blank=True,
        help_text=_("Sent to everyone following the idea with an automatic change. Markdown."),
    )
    post_notes = models.BooleanField(
        _("post staff notes on the issue"),
        default=False,
        help_text=_(
            "Offers “also post on the issue” beside each staff note. The issue's comments are never published."
        ),
    )
    poll_minutes = models.PositiveSmallIntegerField(
        _("check linked issues every (minutes)"),
        default=0,
        help_text=_("For trackers that cannot reach this site (a firewall). 0: only webhooks."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_event_at = models.DateTimeField(_("last webhook"), null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    poll_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    last_problem = models.CharField(_("last problem"), max_length=300, blank=True, editable=False)
    last_problem_at = models.DateTimeField(_("last problem at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("tracker connection")
        verbose_name_plural = _("tracker connections")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class IssueLink(models.Model):
    """An issue in a connected tracker that works on an idea. One issue may serve several
    ideas and one idea several issues; the idea moves when all of its issues are done."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        STARTED = "started", _("In progress")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Closed as not planned")

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="issue_links")
    connection = models.ForeignKey(TrackerConnection, on_delete=models.CASCADE, related_name="links")
    key = models.CharField(_("issue"), max_length=100)
    remote_id = models.CharField(max_length=100, blank=True)  # Linear's issue id, for its API
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # When the tracker says the state began: an older event arriving late changes nothing.
    state_at = models.DateTimeField(null=True, blank=True)
    last_comment = models.TextField(blank=True)  # only ever published as a closing message, if chosen
    last_comment_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("linked issue")
        verbose_name_plural = _("linked issues")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "connection", "key"], name="triage_issue_linked_once"),
        ]
        indexes = [models.Index(fields=["connection", "key"], name="triage_issuelink_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How the tracker itself writes it: #12 on GitHub and GitLab, APP-12 elsewhere."""
        numbered = (TrackerConnection.Kind.GITHUB, TrackerConnection.Kind.GITLAB)
        return f"#{self.key}" if self.connection.kind in numbered else self.key


class TrackerDelivery(models.Model):
    """A webhook a tracker sent, kept by the tracker's own delivery id: a redelivery is
    recognised and changes nothing twice."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed")

    connection = models.ForeignKey(TrackerConnection, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.CharField(max_length=200)
    event = models.CharField(_("event"), max_length=100, blank=True)
    payload = models.JSONField()
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tracker webhook")
        verbose_name_plural = _("tracker webhooks")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "delivery_id"], name="triage_tracker_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.delivery_id}"


class TrackerRequest(models.Model):
    """A call Tandem makes to a tracker (create an issue, post a note), kept until it
    succeeds: a tracker that fails or does not answer is tried again with backoff."""

    class Operation(models.TextChoices):
        CREATE_ISSUE = "create_issue", _("Create an issue")
        COMMENT = "comment", _("Post a note")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Done")
        RETRYING = "retrying", _("Will retry")
        FAILED = "failed", _("Failed")

    connection = models.ForeignKey(TrackerConnection, on_delete=models.CASCADE, related_name="requests")
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    operation = models.CharField(_("request"), max_length=20, choices=Operation.choices)
    payload = models.JSONField(default=dict)
    link = models.ForeignKey(IssueLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("tracker request")
        verbose_name_plural = _("tracker requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="triage_trackerrequest_due")]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} #{self.idea_id}"


class TrackerChange(models.Model):
    """A status change an issue tracker caused (or asked for): applied, held for a
    product manager, dismissed, undone, or refused by the workflow, with its source."""

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        HELD = "held", _("Waiting for approval")
        DISMISSED = "dismissed", _("Dismissed")
        UNDONE = "undone", _("Undone")
        REFUSED = "refused", _("Refused by the workflow")

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="tracker_changes")
    link = models.ForeignKey(IssueLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(_("source"), max_length=300)
    from_status = models.ForeignKey("ideas.Status", on_delete=models.PROTECT, related_name="+")
    to_status = models.ForeignKey("ideas.Status", on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("public message"), max_length=5_000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status_change = models.ForeignKey(
        "ideas.StatusChange", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("change from a tracker")
        verbose_name_plural = _("changes from trackers")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="triage_trackerchange_state")]

    def __str__(self) -> str:
        return self.source
