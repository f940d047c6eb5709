"""Ideas in the Wagtail admin. Status changes are made through change_status(), like
everywhere else, so the admin records, and later notifies, exactly as the site does."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.models import CreateView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from community.admin_views import AnnouncedEditView, AnnouncedViews
from community.errors import ServiceError, add_service_errors
from community.plugins import Point
from ideas import services
from ideas.admin_views import MergeView, idea_chooser
from ideas.capture.admin import CaptureMenuItem, CaptureView
from ideas.models import Comment, Idea, IdeaTag, Status, StatusChange


def _merge_url(user, idea) -> str | None:
    if idea.is_merged or not user.has_perm("ideas.merge_ideas"):
        return None
    return reverse("ideas:merge", args=[idea.pk])


# Other apps add buttons to an idea in the admin (triage: "Triage"): each takes
# (user, idea) and returns (label, url, icon) or None. They come before "Merge into…".
IDEA_BUTTONS: Point[Callable[..., tuple[str, str, str] | None]] = Point("idea admin buttons", Callable)


def _other_buttons(user, idea) -> list[tuple[str, str, str]]:
    return [button for source in IDEA_BUTTONS if (button := source(user, idea))]


class IdeaIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for label, url, icon in _other_buttons(self.request.user, instance):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=20))
        if url := _merge_url(self.request.user, instance):
            buttons.append(MenuItem(_("Merge into…"), url=url, icon_name="arrow-right-full", priority=25))
        return buttons


class IdeaEditView(AnnouncedEditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for label, url, icon in _other_buttons(self.request.user, self.object):
            buttons.append(Button(label, url=url, icon_name=icon, priority=10))
        if url := _merge_url(self.request.user, self.object):
            buttons.append(Button(_("Merge into…"), url=url, icon_name="arrow-right-full", priority=15))
        return buttons


class IdeaViewSet(AnnouncedViews, ModelViewSet):
    model = Idea
    icon = "pick"
    menu_label = gettext_lazy("Ideas")
    list_display = ["title", "status", "vote_count", "comment_count", "follower_count", "created_at"]
    list_filter = ["status", "product"]
    search_fields = ["title", "body"]
    # The words stay the member's: moderators edit them in the moderation queue, which keeps the original.
    form_fields = ["product", "tags"]
    inspect_view_enabled = True
    index_view_class = IdeaIndexView
    edit_view_class = IdeaEditView

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("merge/<int:pk>/", MergeView.as_view(), name="merge")]


class StatusChangeForm(WagtailAdminModelForm):
    class Meta:
        model = StatusChange
        fields = ["idea", "to_status", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = Idea.objects.filter(merged_into__isnull=True).select_related("status")
        self.fields["to_status"].queryset = Status.objects.choosable()
        self.fields["message"].help_text = gettext_lazy("Public. Everyone following the idea reads it. Markdown.")


class StatusChangeEditForm(WagtailAdminModelForm):
    """Only the public message can be corrected afterwards; the history stays as it was."""

    class Meta:
        model = StatusChange
        fields = ["message"]


class StatusChangeCreateView(CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if idea := self.request.GET.get("idea", "").strip():
            initial["idea"] = idea if idea.isdigit() else None
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.change_status(data["idea"], data["to_status"], self.request.user, data["message"])
        except ServiceError as error:
            add_service_errors(form, error)
            return self._refuse(form)
        messages.success(
            self.request, _("“%(idea)s” is now %(status)s.") % {"idea": data["idea"], "status": data["to_status"]}
        )
        return redirect(self.get_success_url())

    def _refuse(self, form):
        """The workflow said no: show the form again with its reason, as Wagtail shows errors."""
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class StatusChangeViewSet(AnnouncedViews, ModelViewSet):
    model = StatusChange
    icon = "history"
    menu_label = gettext_lazy("Status changes")
    add_view_class = StatusChangeCreateView
    list_display = ["idea", "from_status", "to_status", "changed_by", "created_at"]
    list_filter = ["to_status"]
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return StatusChangeEditForm if for_update else StatusChangeForm


class CommentViewSet(AnnouncedViews, ModelViewSet):
    model = Comment
    icon = "comment"
    menu_label = gettext_lazy("Comments")
    list_display = ["idea", "author", "is_official", "created_at"]
    list_filter = ["is_official"]
    search_fields = ["body"]
    form_fields = ["is_official"]  # the text is edited in the moderation queue, which keeps the original
    ordering = ["-created_at"]


class StatusViewSet(AnnouncedViews, ModelViewSet):
    model = Status
    icon = "tag"
    menu_label = gettext_lazy("Statuses")
    list_display = ["name", "name_de", "stage", "colour", "is_default"]
    form_fields = [
        "name",
        "name_de",
        "slug",
        "stage",
        "colour",
        "description",
        "description_de",
        "position",
        "is_default",
    ]


class IdeaTagViewSet(AnnouncedViews, ModelViewSet):
    model = IdeaTag
    icon = "tag"
    menu_label = gettext_lazy("Topics")
    list_display = ["name", "slug"]
    form_fields = ["name", "slug"]


class IdeasGroup(ViewSetGroup):
    menu_label = gettext_lazy("Ideas")
    menu_icon = "pick"
    menu_order = 200
    items = (
        IdeaViewSet("ideas"),
        StatusChangeViewSet("status_changes"),
        CommentViewSet("idea_comments"),
        StatusViewSet("idea_statuses"),
        IdeaTagViewSet("idea_tags"),
    )


@hooks.register("register_admin_viewset")
def register_ideas_group():
    return IdeasGroup()


@hooks.register("register_admin_viewset")
def register_idea_chooser():
    return idea_chooser


@hooks.register("register_admin_urls")
def register_capture_url():
    return [path("capture/", CaptureView.as_view(), name="capture_feedback")]


@hooks.register("register_admin_menu_item")
def register_capture_menu_item():
    return CaptureMenuItem(
        _("Record feedback"), reverse("capture_feedback"), name="capture", icon_name="user", order=185
    )
