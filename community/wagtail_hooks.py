"""The community's pieces in the Wagtail admin."""

from allauth.socialaccount import providers
from allauth.socialaccount.models import SocialApp
from django import forms
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from community import dashboard
from community.identity.admin import ConnectedAppViewSet
from community.keys.admin import KeysMenuItem, KeysView
from community.members.admin import PRIVACY_DELETE, PRIVACY_EXPORT, ArchetypesPanel, MembersGroup
from community.moderation import services as moderation
from community.moderation import suspensions
from community.moderation.admin import ItemView, QueueMenuItem, QueueView, ResponseTimesPanel
from community.webhooks import admin as admin_webhooks


class SocialAppForm(WagtailAdminModelForm):
    """A social login provider: the keys come from the provider's developer console. For
    the company's own identity provider (OpenID Connect) the fields below the settings
    fill them in: its address, PKCE, and which claims carry the CRM id, segment and value."""

    provider = forms.ChoiceField(label=_("Provider"), choices=())
    server_url = forms.URLField(
        label=_("Identity provider's address (OpenID Connect)"),
        required=False,
        assume_scheme="https",
        help_text=_("Its issuer, e.g. https://id.example.com/realms/acme; discovery finds the rest."),
    )
    external_id_claim = forms.CharField(label=_("Claim with the CRM id"), required=False, max_length=100)
    segment_claim = forms.CharField(label=_("Claim with the segment"), required=False, max_length=100)
    value_claim = forms.CharField(label=_("Claim with the customer value"), required=False, max_length=100)

    class Meta:
        model = SocialApp
        fields = ["provider", "provider_id", "name", "client_id", "secret", "key", "settings"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = list(providers.registry.as_choices())
        self.fields["provider_id"].help_text = _(
            "OpenID Connect: a short name of your own, e.g. “acme-sso”, one per provider (it appears in the "
            "callback address)."
        )
        given = self.instance.settings or {}
        claims = given.get("claims") or {}
        self.initial.setdefault("server_url", given.get("server_url", ""))
        for name in ("external_id", "segment", "value"):
            self.initial.setdefault(f"{name}_claim", claims.get(name, ""))

    def clean(self):
        data = super().clean()
        if data.get("provider") == "openid_connect":
            if not data.get("server_url"):
                self.add_error("server_url", _("OpenID Connect needs the identity provider's address."))
            if not data.get("provider_id"):
                self.add_error("provider_id", _("OpenID Connect needs a short name for this provider."))
        return data

    def save(self, commit=True):
        app = super().save(commit=False)
        if self.cleaned_data.get("provider") == "openid_connect":
            given = dict(app.settings or {})
            given["server_url"] = self.cleaned_data["server_url"]
            given.setdefault("oauth_pkce_enabled", True)
            claims = {
                name: self.cleaned_data[f"{name}_claim"].strip()
                for name in ("external_id", "segment", "value")
                if self.cleaned_data[f"{name}_claim"].strip()
            }
            given["claims"] = {**(given.get("claims") or {}), **claims}
            app.settings = given
        if commit:
            app.save()
            self.save_m2m()
        return app


class SocialAppViewSet(ModelViewSet):
    model = SocialApp
    icon = "key"
    menu_label = _("Social login")
    add_to_settings_menu = True
    list_display = ["name", "provider", "provider_id"]
    search_fields = ["name", "provider"]

    def get_form_class(self, for_update=False):
        return SocialAppForm


@hooks.register("register_admin_viewset")
def register_social_app_viewset():
    return SocialAppViewSet("social_login")


@hooks.register("register_admin_viewset")
def register_connected_apps():
    return ConnectedAppViewSet("connected_apps")


@hooks.register("register_admin_viewset")
def register_members_group():
    return MembersGroup()


@hooks.register("register_admin_viewset")
def register_webhooks_group():
    return admin_webhooks.WebhooksGroup()


@hooks.register("register_admin_urls")
def register_webhook_urls():
    return admin_webhooks.urls()


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    actions.register_action(suspensions.SUSPEND, _("Suspend member"), _("Suspended the member"))
    actions.register_action(suspensions.REINSTATE, _("Reinstate member"), _("Reinstated the member"))
    actions.register_action(PRIVACY_EXPORT, _("Export member data"), _("Prepared the member's data download"))
    actions.register_action(PRIVACY_DELETE, _("Delete member account"), _("Deleted the member's account on request"))
    actions.register_action(moderation.MODERATE, _("Moderate"), _("Moderated"))
    actions.register_action(moderation.EDIT, _("Edit as moderator"), _("Edited as moderator; the original is kept"))


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("moderation/", QueueView.as_view(), name="moderation_queue"),
        path("moderation/<str:kind>/<int:pk>/", ItemView.as_view(), name="moderation_item"),
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return QueueMenuItem(
        _("Moderation"), reverse("moderation_queue"), name="moderation", icon_name="warning", order=150
    )


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    if lines := dashboard.waiting_for(request):
        panels.insert(0, dashboard.WaitingPanel(lines))
    if request.user.has_perm(moderation.PERMISSION):
        panels.append(ResponseTimesPanel())
    if request.user.has_perm("community.view_user"):
        panels.append(ArchetypesPanel())


@hooks.register("register_admin_urls")
def register_api_keys_url():
    return [path("api-keys/", KeysView.as_view(), name="api_keys_admin")]


@hooks.register("register_admin_menu_item")
def register_api_keys_menu_item():
    return KeysMenuItem(_("API keys"), reverse("api_keys_admin"), name="api-keys", icon_name="key", order=820)
