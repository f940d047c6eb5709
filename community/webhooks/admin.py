"""Webhooks in the Wagtail admin: the endpoints staff register, and the delivery log
with its "resend" action. Sending is community.webhooks.services' job."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from community import crypto
from community.errors import ServiceError
from community.models import WebhookDelivery, WebhookEndpoint
from community.webhooks import services as webhooks


class EndpointForm(WagtailAdminModelForm):
    url = forms.URLField(
        label=gettext_lazy("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Where Tandem sends the events (https)."),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), widget=forms.CheckboxSelectMultiple, choices=(), required=False
    )

    chat_token = forms.CharField(
        label=gettext_lazy("Slack bot token"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "Only for a Slack app: its bot token (xoxb-…, with chat:write), and the address "
            "https://slack.com/api/chat.postMessage. Leave empty for an incoming webhook. Never shown again."
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "format", "url", "chat_token", "channel", "events", "vote_threshold", "max_rating"]
        fields += ["is_active", "secret"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [(event.name, f"{event.name} – {event.label}") for event in webhooks.events()]
        # Plain JSON webhooks need none of the chat settings: left out, they keep their defaults.
        for name in ("format", "vote_threshold", "max_rating"):
            self.fields[name].required = False
        self.fields["max_rating"].widget.attrs.update(min=1, max=5)
        for facet in webhooks.FILTERS:
            self.fields[f"filter_{facet.name}"] = forms.TypedMultipleChoiceField(
                label=facet.label,
                choices=facet.choices(),
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("None ticked: every one."),
                initial=(self.instance.filters or {}).get(facet.name, []),
            )
        if not self.instance.pk:  # made for them; shown on the edit page
            del self.fields["secret"]
        else:
            self.fields["secret"].help_text = _(
                "The receiver checks each delivery's signature with it. Replace it to rotate; keep it private."
            )

    def clean_secret(self):
        secret = self.cleaned_data["secret"].strip()
        if len(secret) < 24:
            raise forms.ValidationError(_("Use at least 24 characters."))
        return secret

    def clean_max_rating(self):
        stars = self.cleaned_data.get("max_rating")
        if stars is None:
            return WebhookEndpoint._meta.get_field("max_rating").default
        if not 1 <= stars <= 5:
            raise forms.ValidationError(_("Choose 1 to 5 stars."))
        return stars

    def clean_vote_threshold(self):
        votes = self.cleaned_data.get("vote_threshold")
        return WebhookEndpoint._meta.get_field("vote_threshold").default if votes is None else votes

    def clean_format(self):
        return self.cleaned_data.get("format") or WebhookEndpoint.Format.STANDARD

    def clean(self):
        data = super().clean()
        if data.get("format") == WebhookEndpoint.Format.SLACK and data.get("chat_token") and not data.get("channel"):
            self.add_error("channel", _("A bot token posts to a channel: name it."))
        if "url" in data:
            try:
                data["events"] = webhooks.clean_endpoint(data["url"], data.get("events") or [])
            except ServiceError as error:
                for field, problems in error.details.items():
                    for problem in problems:
                        self.add_error(field if field in self.fields else None, problem)
        return data

    def save(self, commit=True):
        endpoint = super().save(commit=False)
        if token := self.cleaned_data.get("chat_token"):
            endpoint.chat_token_encrypted = crypto.encrypt(token.strip())
        if endpoint.format != WebhookEndpoint.Format.SLACK:
            endpoint.chat_token_encrypted, endpoint.channel = "", ""
        endpoint.filters = {
            facet.name: self.cleaned_data[f"filter_{facet.name}"]
            for facet in webhooks.FILTERS
            if self.cleaned_data.get(f"filter_{facet.name}")
        }
        if commit:
            endpoint.save()
        return endpoint


class EndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = gettext_lazy("Webhooks")
    list_display = ["name", "format", "url", "is_active", "created_at"]
    list_filter = ["is_active", "format"]

    def get_form_class(self, for_update=False):
        return EndpointForm


class DeliveryInspectView(InspectView):
    fields = [
        "event",
        "endpoint",
        "state",
        "attempts",
        "delivery_id",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "response_code",
        "error",
        "response_excerpt",
        "payload",
    ]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(webhooks.PERMISSION):
            buttons.append(
                Button(_("Resend"), url=reverse("webhook_resend", args=[self.object.pk]), icon_name="redirect")
            )
        return buttons


class ResendView(View):
    """POST /admin/webhooks/resend/<pk>/: the same delivery (and delivery id) again."""

    def get(self, request, pk):
        return redirect("webhook_deliveries:inspect", pk)

    def post(self, request, pk):
        if not request.user.has_perm(webhooks.PERMISSION):
            raise PermissionDenied
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        webhooks.resend(delivery, request.user)
        messages.success(request, _("Sent again: %(state)s.") % {"state": delivery.get_state_display()})
        return redirect("webhook_deliveries:inspect", pk)


class DeliveryViewSet(ModelViewSet):
    """The delivery log: read only; "resend" is the one action."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = gettext_lazy("Webhook deliveries")
    list_filter = ["state", "event", "endpoint"]
    inspect_view_enabled = True
    inspect_view_class = DeliveryInspectView
    copy_view_enabled = False
    form_fields = ["state"]  # never shown: there is no edit view

    @property
    def list_display(self):
        return [
            "event",
            "endpoint",
            Column("state", label=_("State"), accessor="get_state_display"),
            "attempts",
            "response_code",
            "created_at",
        ]

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


class WebhooksGroup(ViewSetGroup):
    menu_label = gettext_lazy("Webhooks")
    menu_icon = "link-external"
    menu_order = 650
    items = (EndpointViewSet("webhooks"), DeliveryViewSet("webhook_deliveries"))


def urls():
    return [path("webhooks/resend/<int:pk>/", ResendView.as_view(), name="webhook_resend")]
