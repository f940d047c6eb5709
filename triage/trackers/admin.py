"""Integrations → Issue trackers: the connections product managers' issues live in.
Tokens and webhook secrets are kept encrypted and never shown again; a secret Tandem
makes is shown once, on the form that creates the connection."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from community import crypto
from community.errors import InvalidInput, add_service_errors
from ideas.models import Status
from triage.trackers import services
from triage.trackers.models import TrackerConnection, TrackerDelivery, TrackerRequest


class TrackerConnectionForm(WagtailAdminModelForm):
    token = forms.CharField(
        label=_("Token"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "GitHub: a fine-grained token with Issues read and write. GitLab: a token with the api scope. "
            "Jira Cloud: an API token; Data Center: a personal access token. Linear: a personal API key."
        ),
    )
    webhook_secret = forms.CharField(
        label=_("Webhook secret"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    base_url = forms.URLField(
        label=_("Address"),
        required=False,
        assume_scheme="https",
        help_text=TrackerConnection._meta.get_field("base_url").help_text,
    )
    ask_first = forms.MultipleChoiceField(
        label=_("Ask a product manager first when"),
        choices=services.ASK_FIRST_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These moves wait on the idea's triage sheet until someone approves them."),
    )

    class Meta:
        model = TrackerConnection
        fields = ["name", "kind", "base_url", "project", "issue_type", "username", "token", "webhook_secret"]
        fields += ["labels", "started_status", "done_status", "declined_status", "reopened_status", "ask_first"]
        fields += ["message_source", "standard_message", "post_notes", "poll_minutes", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choosable = Status.objects.choosable()
        for name in ("started_status", "done_status", "declined_status", "reopened_status"):
            self.fields[name].queryset = choosable
            self.fields[name].empty_label = _("Do not move the idea")
        address = settings.BASE_URL.rstrip("/") + reverse("tracker_webhook", args=[self.instance.webhook_key])
        if self.instance.pk is None:
            self.fields["webhook_secret"].initial = services.new_secret()
            self.fields["webhook_secret"].help_text = _(
                "Made for you: give it to the tracker with the webhook address %(address)s now; it is not shown "
                "again. Linear makes its own: paste Linear's signing secret here."
            ) % {"address": address}
        else:
            self.fields["token"].help_text = _("Leave empty to keep the current token; it is never shown again.")
            self.fields["webhook_secret"].help_text = _(
                "The webhook address is %(address)s. Leave empty to keep the current secret; it is never shown again."
            ) % {"address": address}

    def clean(self):
        data = super().clean()
        try:
            services.check_connection(
                kind=data.get("kind") or "",
                base_url=data.get("base_url") or "",
                project=data.get("project") or "",
                username=data.get("username") or "",
                has_token=bool(data.get("token") or self.instance.token_encrypted),
            )
        except InvalidInput as error:
            add_service_errors(self, error)
        return data

    def save(self, commit=True):
        connection = super().save(commit=False)
        if token := self.cleaned_data.get("token"):
            connection.token_encrypted = crypto.encrypt(token.strip())
        if secret := self.cleaned_data.get("webhook_secret"):
            connection.webhook_secret_encrypted = crypto.encrypt(secret.strip())
        connection.ask_first = list(self.cleaned_data.get("ask_first") or [])
        if commit:
            connection.save()
        return connection


class TrackerConnectionViewSet(ModelViewSet):
    model = TrackerConnection
    icon = "link-external"
    menu_label = _("Connections")
    list_display = ["name", "kind", "project", "is_active", "last_event_at", "last_polled_at", "last_problem"]
    search_fields = ["name", "project"]

    def get_form_class(self, for_update=False):
        return TrackerConnectionForm


class LogViewSet(ModelViewSet):
    """A read-only log: the list and each entry, nothing to add or edit."""

    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["state"]  # never shown: there is no edit view

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
        }

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]


class TrackerDeliveryViewSet(LogViewSet):
    """What the trackers sent: each webhook, what it changed or why it was ignored."""

    model = TrackerDelivery
    icon = "download"
    menu_label = _("Webhooks received")
    list_display = ["event", "connection", "state", "outcome", "received_at"]
    list_filter = ["state", "connection"]
    inspect_view_fields = ["connection", "event", "delivery_id", "state", "outcome", "received_at", "processed_at"]
    inspect_view_fields += ["payload"]


class TrackerRequestViewSet(LogViewSet):
    """What Tandem asked of the trackers, with each failure and the next attempt."""

    model = TrackerRequest
    icon = "upload"
    menu_label = _("Requests sent")
    list_display = ["operation", "connection", "idea", "state", "attempts", "response_code", "error", "created_at"]
    list_filter = ["state", "connection"]
    inspect_view_fields = ["operation", "connection", "idea", "link", "state", "attempts", "last_attempt_at"]
    inspect_view_fields += ["next_attempt_at", "response_code", "error", "created_at"]


class TrackersGroup(ViewSetGroup):
    menu_label = _("Issue trackers")
    menu_icon = "link-external"
    menu_order = 197
    items = (
        TrackerConnectionViewSet("tracker_connections"),
        TrackerDeliveryViewSet("tracker_deliveries"),
        TrackerRequestViewSet("tracker_requests"),
    )
