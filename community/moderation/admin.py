"""The moderation queue in the Wagtail admin: one list of everything that waits, one
page per item with its context, and the decisions, all through community.moderation.services."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.admin_views import AdminPage
from community.dashboard import Waiting
from community.errors import ServiceError
from community.models import Flag, ModerationEdit, ModerationState
from community.moderation import queue as moderation_queue
from community.moderation import services as moderation
from community.pictures import services as picture_services

AGES = {"": None, "1h": timedelta(hours=1), "1d": timedelta(days=1), "7d": timedelta(days=7)}
SUSPEND_FOR = {"": None, "1": timedelta(days=1), "7": timedelta(days=7), "30": timedelta(days=30), "ever": "ever"}


class QueueFilters(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    rule = forms.ChoiceField(label=gettext_lazy("Held because"), required=False)
    age = forms.ChoiceField(
        label=gettext_lazy("Waiting"),
        required=False,
        choices=[
            ("", gettext_lazy("Any time")),
            ("1h", gettext_lazy("over an hour")),
            ("1d", gettext_lazy("over a day")),
            ("7d", gettext_lazy("over a week")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (kind.model._meta.label_lower, kind.model._meta.verbose_name_plural) for kind in moderation.kinds()
        ]
        self.fields["rule"].choices = [("", _("Any reason"))] + list(moderation.RULES.items())


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (ModerationState.PUBLISHED, gettext_lazy("Approve: publish it")),
            (ModerationState.REJECTED, gettext_lazy("Reject: hide it, with a reason")),
            (ModerationState.SPAM, gettext_lazy("Spam: hide it, and suspend the author")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason shown to the author"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suspend_for = forms.ChoiceField(
        label=gettext_lazy("With spam, suspend the author"),
        required=False,
        choices=[
            ("", gettext_lazy("Do not suspend")),
            ("1", gettext_lazy("for a day")),
            ("7", gettext_lazy("for a week")),
            ("30", gettext_lazy("for 30 days")),
            ("ever", gettext_lazy("for good")),
        ],
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in (ModerationState.REJECTED, ModerationState.SPAM) and not data.get("reason"):
            self.add_error("reason", _("Tell the author why."))
        return data


def decide(request, obj, data) -> None:
    """Carries out one decision from the form through the services."""
    if data["decision"] == ModerationState.SPAM:
        length = SUSPEND_FOR.get(data.get("suspend_for") or "")
        moderation.mark_spam(
            obj,
            request.user,
            data.get("reason", ""),
            suspend_for=length if isinstance(length, timedelta) else None,
            for_good=length == "ever",
        )
    else:
        moderation.moderate(obj, data["decision"], request.user, data.get("reason", ""))


class _ModeratorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(moderation.PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QueueView(_ModeratorsOnly, AdminPage, TemplateView):
    """/admin/moderation/: held and reported content of every kind, oldest first."""

    template_name = "community/admin/moderation_queue.html"
    page_title = gettext_lazy("Moderation")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = QueueFilters(self.request.GET or None)
        chosen = filters.cleaned_data if filters.is_valid() else {}
        context.update(
            filters=filters,
            items=moderation_queue.queue(
                kind=chosen.get("kind", ""), rule=chosen.get("rule", ""), older_than=AGES.get(chosen.get("age", ""))
            ),
            decision_form=DecisionForm(),
            response_times=[moderation_queue.response_times(7), moderation_queue.response_times(30)],
        )
        return context

    def post(self, request):
        """Bulk decisions on the ticked items."""
        form = DecisionForm(request.POST)
        keys = request.POST.getlist("items")
        if not keys:
            messages.error(request, _("Tick the items to decide on first."))
            return redirect("moderation_queue")
        if not form.is_valid():
            messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
            return redirect("moderation_queue")
        done = 0
        for key in keys:
            kind, _sep, pk = key.partition(":")
            obj = moderation_queue.find(kind, int(pk)) if pk.isdigit() else None
            if obj is None:
                continue
            try:
                decide(request, obj, form.cleaned_data)
            except ServiceError as error:
                messages.error(request, f"{obj}: {error.message}")
            else:
                done += 1
        messages.success(request, _("Decided on %(count)d items.") % {"count": done})
        return redirect("moderation_queue")


class ItemView(_ModeratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    """/admin/moderation/<kind>/<pk>/: one item with its context, and the decision."""

    template_name = "community/admin/moderation_item.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.obj = moderation_queue.find(kwargs["kind"], kwargs["pk"])
        if self.obj is None:
            raise Http404
        self.kind = moderation.kind_of(self.obj)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Moderate: %(item)s") % {"item": self.obj}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("moderation_queue"), "label": _("Moderation")},
            {"url": "", "label": str(self.obj)[:60]},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        author = self.obj.author
        history = {}
        for kind in moderation.kinds():
            counts = kind.model.objects.filter(author=author).values("moderation_state").annotate(n=Count("pk"))
            for row in counts:
                history[row["moderation_state"]] = history.get(row["moderation_state"], 0) + row["n"]
        context.update(
            obj=self.obj,
            kind=self.kind,
            author=author,
            url=self.kind.url(self.obj),
            history=[(ModerationState(state).label, count) for state, count in sorted(history.items())],
            flags=moderation.open_flags(self.obj).select_related("reporter"),
            edits=ModerationEdit.objects.filter(
                content_type__app_label=self.obj._meta.app_label,
                content_type__model=self.obj._meta.model_name,
                object_id=self.obj.pk,
            ),
            fields=[(name, getattr(self.obj, name)) for name in self.kind.fields],
            pictures=picture_services.on(self.obj),
            decision_form=kwargs.get("decision_form") or DecisionForm(),
            rule=moderation.RULES.get(self.obj.moderation_rule, ""),
            flag_reasons=dict(Flag.Reason.choices),
        )
        return context

    def post(self, request, kind, pk):
        if request.POST.get("action") == "edit":
            changes = {name: request.POST.get(name, "") for name in self.kind.fields}
            try:
                moderation.edit_content(self.obj, request.user, changes, request.POST.get("edit_reason", ""))
            except ServiceError as error:
                details = " ".join(" ".join(str(m) for m in v) for v in error.details.values())
                messages.error(request, details or error.message)
            else:
                messages.success(request, _("Saved. The original text is kept."))
            return redirect("moderation_item", kind=kind, pk=pk)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                decide(request, self.obj, form.cleaned_data)
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Decided. The author is told."))
                return redirect("moderation_queue")
        return self.render_to_response(self.get_context_data(decision_form=form), status=422)


class QueueMenuItem(MenuItem):
    """ "Moderation (3)": the count of what waits, for moderators only."""

    def is_shown(self, request):
        return request.user.has_perm(moderation.PERMISSION)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = moderation_queue.waiting_count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


def waiting_for_moderators(request) -> Waiting | None:
    """The dashboard's line for moderators: posts held or reported, and the oldest's age."""
    if not request.user.has_perm(moderation.PERMISSION):
        return None
    count = moderation_queue.waiting_count()
    label = ngettext("post waits for a moderator", "posts wait for a moderator", count)
    return Waiting(label, count, reverse("moderation_queue"), moderation_queue.oldest_waiting(), order=10)


class ResponseTimesPanel(Component):
    """On the admin dashboard: how long members wait for a moderator's decision."""

    name = "moderation_response_times"
    order = 150
    template_name = "community/admin/response_times_panel.html"

    def get_context_data(self, parent_context):
        return {"response_times": [moderation_queue.response_times(7), moderation_queue.response_times(30)]}
