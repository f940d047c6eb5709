"""Members in the Wagtail admin: who they are to the company (segment, value, CRM id,
set by hand or imported from a CSV file), their suspension, and the segments."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from community.admin_views import CsvImportView, SavedThroughService, WrittenOnTheSite
from community.errors import ServiceError, add_service_errors
from community.members import imports as member_import
from community.members import segments
from community.models import Channel, Segment, User
from community.moderation import suspensions
from community.notifications import channels
from community.notifications.topics import get_topic
from community.privacy import services as privacy
from community.profiles import archetypes
from community.profiles import services as profiles

SUSPEND = "community.suspend_member"
PRIVACY_EXPORT = "community.privacy_export"
PRIVACY_DELETE = "community.privacy_delete"
SUSPENSION_FIELDS = ("suspend", "until", "reason")
CUSTOMER_FIELDS = ("segment", "customer_value", "external_id")


class MemberForm(WagtailAdminModelForm):
    """Suspend (until a time, or for good) or reinstate, and the customer data; each
    staff member sees the part their permissions allow."""

    suspend = forms.TypedChoiceField(
        label=gettext_lazy("Account"),
        choices=[("", gettext_lazy("Active: may write")), ("1", gettext_lazy("Suspended: may read, not write"))],
        coerce=bool,
        empty_value=False,
        required=False,
    )
    until = forms.DateTimeField(
        label=gettext_lazy("Suspended until"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=gettext_lazy("Leave empty to suspend for good."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The member sees it."),
    )

    class Meta:
        model = User
        fields = list(CUSTOMER_FIELDS)

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        member = self.instance
        self.initial.update(
            suspend="1" if member.is_suspended else "", until=member.suspended_until, reason=member.suspension_reason
        )
        if for_user is not None:
            allowed = (SUSPENSION_FIELDS if for_user.has_perm(SUSPEND) else ()) + (
                CUSTOMER_FIELDS if for_user.has_perm(segments.PERMISSION) else ()
            )
            for name in list(self.fields):
                if name not in allowed:
                    del self.fields[name]


class MemberPermissionPolicy(ModelPermissionPolicy):
    """Editing a member means suspending them or setting their customer data: either
    permission opens the edit view, which then shows only that part."""

    def user_has_permission(self, user, action):
        if action == "change" and (user.has_perm(SUSPEND) or user.has_perm(segments.PERMISSION)):
            return user.is_active
        return super().user_has_permission(user, action)


class MemberPolicy:
    """Views of the members viewset decide by MemberPermissionPolicy; Settings → Users
    keeps Wagtail's own policy for the same model."""

    @cached_property
    def permission_policy(self):
        return MemberPermissionPolicy(User)


class MemberEditView(MemberPolicy, SavedThroughService, EditView):
    def save_through_service(self, form):
        data, by, member = form.cleaned_data, self.request.user, self.object
        if "segment" in form.fields:
            segments.set_customer_data(
                member,
                by,
                segment=data["segment"],
                customer_value=data["customer_value"],
                external_id=data["external_id"],
            )
        if "suspend" in form.fields:
            if data["suspend"]:
                suspensions.suspend(member, by, data["reason"], data["until"])
            elif member.suspended_at is not None:
                suspensions.reinstate(member, by)
        return member


class MemberIndexView(MemberPolicy, IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(segments.PERMISSION):
            buttons.append(HeaderButton(_("Import CSV"), url=reverse("members:import"), icon_name="upload"))
        return buttons


class MemberInspectView(MemberPolicy, InspectView):
    """The one customer view: who they are to the company, how they want to be
    reached, and everything they did and were told, newest first."""

    template_name = "community/admin/member_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.object
        context["timeline"] = profiles.timeline(member)
        context["timeline_limit"] = profiles.TIMELINE_LIMIT
        context["may_handle_privacy"] = self.request.user.has_perm(privacy.PERMISSION) and not member.deleted_at
        context["channels"] = [
            (get_topic(topic).label, Channel(channel).label) for topic, channel in channels.channels_of(member).items()
        ]
        return context


class StaffDeleteAccountForm(forms.Form):
    confirm_email = forms.CharField(label=gettext_lazy("Type the member's email address to confirm"))
    remove_content = forms.BooleanField(
        label=gettext_lazy("Also remove their ideas, comments and reviews"), required=False
    )


class MemberPrivacyView(WagtailAdminTemplateMixin, FormView):
    """On a member's request: prepare their download (the link goes to them), or delete
    their account. Needs the privacy permission; both are logged."""

    form_class = StaffDeleteAccountForm
    template_name = "community/admin/member_privacy.html"
    header_icon = "lock"
    page_title = gettext_lazy("Privacy request")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(privacy.PERMISSION):
            raise PermissionDenied
        self.member = get_object_or_404(User, pk=kwargs["pk"], deleted_at__isnull=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.member.email

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("members:index"), "label": _("Members")},
            {"url": reverse("members:inspect", args=[self.member.pk]), "label": str(self.member)},
            {"url": "", "label": _("Privacy request")},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "member": self.member,
            "submit_button_label": _("Delete the account"),
        }

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "export":
            try:
                privacy.request_export(self.member, by=request.user)
            except ServiceError as error:
                messages.info(request, error.message)
            else:
                log(instance=self.member, action=PRIVACY_EXPORT, user=request.user)
                messages.success(request, _("The download is being prepared; the member gets the link."))
            return redirect("members:inspect", self.member.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            privacy.delete_account(
                self.member,
                by=self.request.user,
                confirm_email=data["confirm_email"],
                remove_content=data["remove_content"],
            )
        except ServiceError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        log(
            instance=self.member,
            action=PRIVACY_DELETE,
            user=self.request.user,
            data={"content": data["remove_content"]},
        )
        messages.success(self.request, _("The account is deleted; what remains is anonymous."))
        return redirect("members:index")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


class MemberImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8, first line: email and any of %(columns)s. Segment by name; value a number like 1200.50; "
            "products by slug or title, separated by “;”. Unknown addresses become new members. An empty cell "
            "clears that field. A file with any bad row changes nothing."
        ) % {"columns": ", ".join(member_import.columns()[1:])}


class MemberImportView(CsvImportView):
    form_class = MemberImportForm
    page_title = gettext_lazy("Import members")
    permission = segments.PERMISSION
    max_bytes = member_import.MAX_BYTES
    index_url_name = "members:index"
    index_label = gettext_lazy("Members")
    importer = staticmethod(member_import.import_members)

    def success_message(self, report) -> str:
        return _("Imported: %(created)d new members, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }


class MemberViewSet(WrittenOnTheSite, ModelViewSet):
    """Community members at a glance, their customer data and their suspension.
    (Accounts and groups stay under Settings → Users.)"""

    model = User
    icon = "group"
    menu_label = gettext_lazy("Members")
    list_display = ["public_name", "email", "segment", "customer_value", "archetype", "reputation", "date_joined"]
    list_filter = ["segment", "archetype", "is_staff", "is_active"]
    search_fields = ["email", "display_name", "external_id"]
    ordering = ["-date_joined"]
    edit_view_class = MemberEditView
    index_view_class = MemberIndexView
    inspect_view_class = MemberInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["display_name", "email", "segment", "customer_value", "external_id", "archetype",
                           "archetype_computed_at", "reputation", "date_joined", "last_login", "suspended_at",
                           "suspended_until", "suspension_reason"]  # fmt: skip

    def get_form_class(self, for_update=False):
        return MemberForm

    def get_common_view_kwargs(self, **kwargs):  # accounts are deleted under Settings → Users
        return {**super().get_common_view_kwargs(**kwargs), "delete_url_name": None}

    def get_urlpatterns(self):
        patterns = [pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"]
        return [
            *patterns,
            path("import/", MemberImportView.as_view(), name="import"),
            path("<int:pk>/privacy/", MemberPrivacyView.as_view(), name="privacy"),
        ]


class SegmentViewSet(ModelViewSet):
    model = Segment
    icon = "tag"
    menu_label = gettext_lazy("Segments")
    list_display = ["name", "weight", "description"]
    search_fields = ["name"]
    form_fields = ["name", "description", "weight"]
    ordering = ["name"]


class ArchetypesPanel(Component):
    """On the admin dashboard: how the members divide into buyer types, each a link to
    the members of that type."""

    name = "member_archetypes"
    order = 160
    template_name = "community/admin/archetypes_panel.html"

    def get_context_data(self, parent_context):
        rows = archetypes.distribution()
        total = sum(count for _, _, count in rows) or 1
        return {
            "rows": [
                (value, label, archetypes.DESCRIPTIONS[value], count, round(100 * count / total))
                for value, label, count in rows
            ],
            "index_url": reverse("members:index"),
        }


class MembersGroup(ViewSetGroup):
    menu_label = gettext_lazy("Members")
    menu_icon = "group"
    menu_order = 220
    items = (MemberViewSet("members"), SegmentViewSet("segments"))
