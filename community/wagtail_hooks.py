"""The community's pieces in the Wagtail admin."""

from allauth.socialaccount import providers
from allauth.socialaccount.models import SocialApp
from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateTimeInput

from community import moderation, suspensions
from community.admin_moderation import ItemView, QueueMenuItem, QueueView, ResponseTimesPanel
from community.admin_views import SavedThroughService, WrittenOnTheSite
from community.models import User


class SocialAppForm(WagtailAdminModelForm):
    """A social login provider: the keys come from the provider's developer console."""

    provider = forms.ChoiceField(label=_("Provider"), choices=())

    class Meta:
        model = SocialApp
        fields = ["provider", "name", "client_id", "secret", "key", "settings"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = list(providers.registry.as_choices())


class SocialAppViewSet(ModelViewSet):
    model = SocialApp
    icon = "key"
    menu_label = _("Social login")
    add_to_settings_menu = True
    list_display = ["name", "provider"]
    search_fields = ["name", "provider"]

    def get_form_class(self, for_update=False):
        return SocialAppForm


@hooks.register("register_admin_viewset")
def register_social_app_viewset():
    return SocialAppViewSet("social_login")


class SuspensionForm(WagtailAdminModelForm):
    """Suspend (until a time, or for good) or reinstate; the member is told either way."""

    suspend = forms.TypedChoiceField(
        label=_("Account"),
        choices=[("", _("Active: may write")), ("1", _("Suspended: may read, not write"))],
        coerce=bool,
        empty_value=False,
        required=False,
    )
    until = forms.DateTimeField(
        label=_("Suspended until"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("Leave empty to suspend for good."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member sees it."),
    )

    class Meta:
        model = User
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.instance
        self.initial.update(
            suspend="1" if member.is_suspended else "",
            until=member.suspended_until,
            reason=member.suspension_reason,
        )


class MemberEditView(SavedThroughService, EditView):
    def save_through_service(self, form):
        data = form.cleaned_data
        if data["suspend"]:
            return suspensions.suspend(self.object, self.request.user, data["reason"], data["until"])
        if self.object.suspended_at is not None:
            return suspensions.reinstate(self.object, self.request.user)
        return self.object


class MemberViewSet(WrittenOnTheSite, ModelViewSet):
    """Community members at a glance, and their suspension. (Accounts and groups stay
    under Settings → Users.)"""

    model = User
    icon = "group"
    menu_label = _("Members")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["public_name", "email", "date_joined", "suspended_at", "suspended_until"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    ordering = ["-date_joined"]
    edit_view_class = MemberEditView
    inspect_view_enabled = True
    inspect_view_fields = ["display_name", "email", "date_joined", "last_login", "suspended_at", "suspended_until",
                           "suspension_reason"]  # fmt: skip

    def get_form_class(self, for_update=False):
        return SuspensionForm

    def get_common_view_kwargs(self, **kwargs):  # accounts are deleted under Settings → Users
        return {**super().get_common_view_kwargs(**kwargs), "delete_url_name": None}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"]


@hooks.register("register_admin_viewset")
def register_member_viewset():
    return MemberViewSet("members")


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    actions.register_action(suspensions.SUSPEND, _("Suspend member"), _("Suspended the member"))
    actions.register_action(suspensions.REINSTATE, _("Reinstate member"), _("Reinstated the member"))
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


@hooks.register("construct_homepage_panels")
def add_response_times_panel(request, panels):
    if request.user.has_perm(moderation.PERMISSION):
        panels.append(ResponseTimesPanel())
