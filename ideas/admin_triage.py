"""The triage board in the Wagtail admin (/admin/triage/): product managers filter and
sort ideas by demand, act on many at once, and open one idea's sheet to decide.

Every change goes through ideas.triage / ideas.services, as from the API.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.errors import ServiceError, add_service_errors
from community.models import WebhookDelivery
from ideas import demand, services, shipped, triage, triage_export, webhook_events
from ideas.models import AnswerTemplate, Idea, IdeaBoardPage, StaffNote, Status, Vote
from ideas.models.ideas import RICE_CONFIDENCE, RICE_IMPACT
from ideas.triage_filters import FilterForm, StaffChoices, read_filters, staff_field
from reviews.models import ProductOwnership, ProductPage

PER_PAGE = 50


class TriageOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(triage.PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class BulkForm(StaffChoices, forms.Form):
    """What to do with the ticked ideas."""

    ACTIONS = [
        ("status", gettext_lazy("Change the status")),
        ("answer", gettext_lazy("Answer officially with a template")),
        ("owner", gettext_lazy("Assign an owner")),
        ("evaluator", gettext_lazy("Ask an evaluator")),
        ("product", gettext_lazy("Set the product")),
    ]

    ideas = forms.ModelMultipleChoiceField(
        queryset=Idea.objects.filter(merged_into__isnull=True),
        error_messages={"required": gettext_lazy("Tick the ideas to act on first.")},
    )
    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    to_status = forms.ModelChoiceField(
        label=gettext_lazy("New status"), queryset=Status.objects.choosable(), required=False
    )
    message = forms.CharField(
        label=gettext_lazy("Public message"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One message for all of them. Everyone following them reads it. Markdown."),
    )
    template = forms.ModelChoiceField(
        label=gettext_lazy("Answer template"), queryset=AnswerTemplate.objects.all(), required=False
    )
    owner = staff_field(gettext_lazy("Owner"))
    evaluator = staff_field(gettext_lazy("Evaluator"))
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product"), queryset=ProductPage.objects.live().order_by("title"), required=False
    )

    def clean(self):
        data = super().clean()
        needs = {"status": "to_status", "answer": "template", "product": "product"}
        field = needs.get(data.get("action"))
        if field and not data.get(field):
            self.add_error(field, _("Choose one for this action."))
        return data


def run_bulk(request, data) -> None:
    ideas, action, by = list(data["ideas"]), data["action"], request.user
    if action == "status":
        result = triage.change_status_many(ideas, data["to_status"], by, data["message"])
    elif action == "answer":
        result = triage.answer_many(ideas, data["template"], by)
    else:
        count = triage.assign(ideas, by, **{action: data[action]})
        messages.success(request, _("Changed %(count)d ideas.") % {"count": count})
        return
    if result.done:
        messages.success(request, _("Done for %(count)d ideas.") % {"count": len(result.done)})
    for idea, reason in result.refused:
        messages.error(request, f"#{idea.pk} {idea}: {reason}")


class BoardView(TriageOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "ideas/admin/triage_board.html"
    page_title = gettext_lazy("Triage")
    header_icon = "pick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = read_filters(self.request.GET or None)
        page = Paginator(triage.ideas(filters), PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            filters=form,
            scope=filters.scope,
            page=page,
            query=query.urlencode(),
            bulk_form=kwargs.get("bulk_form") or BulkForm(),
            sort_label=triage.SORTS.get(filters.sort, triage.SORTS["votes"])[0],
            now=timezone.now(),
        )
        return context

    def post(self, request):
        form = BulkForm(request.POST)
        if form.is_valid():
            try:
                run_bulk(request, form.cleaned_data)
            except ServiceError as error:
                messages.error(request, " ".join(_messages(error)))
            return redirect(request.get_full_path())
        messages.error(request, _("The action was not carried out: see the form below."))
        return self.render_to_response(self.get_context_data(bulk_form=form), status=422)


def _messages(error: ServiceError) -> list[str]:
    details = [str(message) for messages_ in error.details.values() for message in messages_]
    return details or [str(error.message)]


class ExportView(TriageOnly, View):
    """/admin/triage/export.csv and .json: the board's list with its filters."""

    def get(self, request, format):
        if format not in ("csv", "json"):
            raise Http404
        _form, filters = read_filters(request.GET or None)
        echo = {key: value for key, value in request.GET.items() if key in FilterForm.base_fields}
        return triage_export.download(triage.ideas(filters), format, echo)


# --- One idea ----------------------------------------------------------------------------


class PriorityForm(forms.Form):
    reach = forms.IntegerField(
        label=gettext_lazy("Reach"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Customers affected per quarter."),
    )
    impact = forms.TypedChoiceField(
        label=gettext_lazy("Impact"), choices=[("", "–"), *RICE_IMPACT], required=False, coerce=str
    )
    confidence = forms.TypedChoiceField(
        label=gettext_lazy("Confidence"), choices=[("", "–"), *RICE_CONFIDENCE], required=False, coerce=int
    )
    effort = forms.DecimalField(
        label=gettext_lazy("Effort"),
        min_value=Decimal("0.1"),
        max_digits=6,
        decimal_places=1,
        required=False,
        help_text=gettext_lazy("Person-months."),
    )


class AssignForm(StaffChoices, forms.Form):
    owner = staff_field(gettext_lazy("Owner"))
    evaluator = staff_field(gettext_lazy("Evaluator"))
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product"), queryset=ProductPage.objects.live().order_by("title"), required=False
    )


class StatusForm(forms.Form):
    to_status = forms.ModelChoiceField(label=gettext_lazy("New status"), queryset=Status.objects.none())
    message = forms.CharField(
        label=gettext_lazy("Public message"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Everyone following the idea reads it. Markdown."),
    )

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [status.pk for status in services.allowed_statuses(idea)]
        self.fields["to_status"].queryset = Status.objects.filter(pk__in=allowed)


class TrackingForm(forms.Form):
    external_url = forms.CharField(
        label=gettext_lazy("Tracked at"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("The ticket in the product team's tool. Shown publicly as “tracked”."),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=StaffNote.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Only staff read it. Markdown."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    template = forms.ModelChoiceField(label=gettext_lazy("Answer template"), queryset=AnswerTemplate.objects.all())


VOTERS_SHOWN = 100


class IdeaSheetView(TriageOnly, WagtailAdminTemplateMixin, TemplateView):
    """/admin/triage/<pk>/: demand and why it ranks there, and every decision on one page."""

    template_name = "ideas/admin/triage_idea.html"
    header_icon = "pick"
    FORMS = {
        "status": StatusForm,
        "priority": PriorityForm,
        "assign": AssignForm,
        "tracking": TrackingForm,
        "note": NoteForm,
        "answer": AnswerForm,
    }

    def dispatch(self, request, *args, **kwargs):
        self.idea = get_object_or_404(
            Idea.objects.select_related("status", "product", "owner", "evaluator", "author"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Triage")

    def get_page_subtitle(self):
        return str(self.idea)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("triage"), "label": _("Triage")},
            {"url": "", "label": f"#{self.idea.pk}", "sublabel": str(self.idea)},
        ]

    def _forms(self, bound=None):
        idea = self.idea
        initial = {
            "priority": {
                "reach": idea.reach,
                "impact": idea.impact,
                "confidence": idea.confidence,
                "effort": idea.effort,
            },
            "assign": {"owner": idea.owner_id, "evaluator": idea.evaluator_id, "product": idea.product_id},
            "tracking": {"external_url": idea.external_url},
        }
        built = {}
        for name, form_class in self.FORMS.items():
            kwargs = {"prefix": name, "initial": initial.get(name)}
            if form_class is StatusForm:
                kwargs["idea"] = idea
            built[f"{name}_form"] = bound if bound is not None and bound.prefix == name else form_class(**kwargs)
        return built

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea = self.idea
        form, filters = read_filters(self.request.GET or None)
        owners = ProductOwnership.objects.filter(product_id=idea.product_id).values("member_id")
        voters = (
            Vote.objects.filter(idea=idea)
            .select_related("member__segment")
            .order_by("-created_at")
            .annotate(verified=Exists(owners.filter(member_id=OuterRef("member_id"))))[:VOTERS_SHOWN]
        )
        context.update(
            idea=idea,
            public_url=IdeaBoardPage.idea_url_outside(idea, self.request),
            scope_form=form,
            breakdown=demand.breakdown(idea, filters.scope),
            voters=voters,
            allowed=services.allowed_statuses(idea),
            feedback=shipped.results(idea),
            notes=triage.notes(idea),
            deliveries=WebhookDelivery.objects.filter(payload__data__id=idea.pk)
            .select_related("endpoint")
            .order_by("-created_at")[:20],
            **self._forms(kwargs.get("bound")),
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action", "")
        if action == "backlog":
            return self._send_to_backlog()
        form_class = self.FORMS.get(action)
        if form_class is None:
            messages.error(request, _("Unknown action."))
            return redirect("triage_idea", pk=pk)
        kwargs = {"prefix": action, "data": request.POST}
        if form_class is StatusForm:
            kwargs["idea"] = self.idea
        form = form_class(**kwargs)
        if form.is_valid():
            try:
                message = getattr(self, f"_do_{action}")(form.cleaned_data)
            except ServiceError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("triage_idea", pk=pk)
        return self.render_to_response(self.get_context_data(bound=form), status=422)

    def _do_status(self, data):
        change = services.change_status(self.idea, data["to_status"], self.request.user, data["message"])
        return _("“%(idea)s” is now %(status)s.") % {"idea": self.idea, "status": change.to_status.label}

    def _do_priority(self, data):
        idea = triage.set_priority(self.idea, self.request.user, **data)
        if idea.rice_score is None:
            return _("Saved. The RICE score appears once all four are set.")
        return _("Saved. RICE score: %(score)s.") % {"score": idea.rice_score}

    def _do_assign(self, data):
        triage.assign([self.idea], self.request.user, **data)
        return _("Saved.")

    def _do_tracking(self, data):
        triage.set_external_url(self.idea, self.request.user, data["external_url"])
        return _("Saved.")

    def _do_note(self, data):
        parent = None
        if data.get("parent"):
            parent = StaffNote.objects.filter(pk=data["parent"], idea=self.idea).first()
        triage.add_note(self.idea, self.request.user, data["body"], parent)
        return _("Note added.")

    def _do_answer(self, data):
        result = triage.answer_many([self.idea], data["template"], self.request.user)
        if result.refused:
            raise ServiceError(result.refused[0][1])
        return _("Answered. Everyone following the idea is told.")

    def _send_to_backlog(self):
        try:
            sent = webhook_events.send_to_backlog(self.idea, self.request.user)
        except ServiceError as error:
            messages.error(self.request, " ".join(_messages(error)))
        else:
            if sent:
                messages.success(self.request, _("Sent to %(count)d webhooks.") % {"count": sent})
            else:
                messages.warning(
                    self.request,
                    _(
                        "No webhook took it: none is active for “idea.planned”, or each had it already "
                        "(resend it from the delivery log)."
                    ),
                )
        return redirect("triage_idea", pk=self.idea.pk)


class TriageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(triage.PERMISSION)
