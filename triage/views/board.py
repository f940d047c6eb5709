"""The triage board in the Wagtail admin (/admin/triage/): product managers filter and
sort ideas by demand, act on many at once, and open one idea's sheet to decide.

Every change goes through triage.services / ideas.services, as from the API.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from community.admin_views import AdminPage
from community.errors import ServiceError
from ideas.models import Idea, Status
from reviews.models import ProductPage
from triage import columns, exports, services
from triage.access import TriageOnly
from triage.filters import FilterForm, StaffChoices, read_filters, staff_field
from triage.models import AnswerTemplate, TrackerConnection
from triage.trackers import services as trackers

PER_PAGE = 50
# Shown at once; the others wait behind "More filters".
MAIN_FILTERS = ("q", "status", "product", "segment", "sort")


class BulkForm(StaffChoices, forms.Form):
    """What to do with the ticked ideas."""

    ACTIONS = [
        ("status", gettext_lazy("Change the status")),
        ("answer", gettext_lazy("Answer officially with a template")),
        ("owner", gettext_lazy("Assign an owner")),
        ("evaluator", gettext_lazy("Ask an evaluator")),
        ("product", gettext_lazy("Set the product")),
        ("issues", gettext_lazy("Create an issue in a tracker for each")),
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

    tracker = forms.ModelChoiceField(
        label=gettext_lazy("Tracker"),
        queryset=TrackerConnection.objects.filter(is_active=True),
        required=False,
        help_text=gettext_lazy("Ideas that already have an issue there are left out."),
    )

    def clean(self):
        data = super().clean()
        needs = {"status": "to_status", "answer": "template", "product": "product", "issues": "tracker"}
        field = needs.get(data.get("action"))
        if field and not data.get(field):
            self.add_error(field, _("Choose one for this action."))
        return data


def run_bulk(request, data) -> None:
    ideas, action, by = list(data["ideas"]), data["action"], request.user
    if action == "status":
        result = services.change_status_many(ideas, data["to_status"], by, data["message"])
    elif action == "answer":
        result = services.answer_many(ideas, data["template"], by)
    elif action == "issues":
        count = trackers.create_issues(ideas, data["tracker"], by)
        messages.success(
            request, _("Asked %(tracker)s for %(count)d issues.") % {"tracker": data["tracker"].name, "count": count}
        )
        return
    else:
        count = services.assign(ideas, by, **{action: data[action]})
        messages.success(request, _("Changed %(count)d ideas.") % {"count": count})
        return
    if result.done:
        messages.success(request, _("Done for %(count)d ideas.") % {"count": len(result.done)})
    for idea, reason in result.refused:
        messages.error(request, f"#{idea.pk} {idea}: {reason}")


class BoardView(TriageOnly, AdminPage, TemplateView):
    template_name = "triage/board.html"
    page_title = gettext_lazy("Triage")
    header_icon = "pick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = read_filters(self.request.GET or None)
        page = Paginator(services.board(filters), PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        for name in ("p", "columns", "choose_columns"):
            query.pop(name, None)
        shown = columns.chosen(self.request)
        now = timezone.now()
        rows = list(page.object_list)
        for idea in rows:
            idea.age = timesince(idea.created_at, now, depth=1)
        context.update(
            filters=form,
            main_filters=[form[name] for name in MAIN_FILTERS],
            more_filters=[form[name] for name in form.fields if name not in MAIN_FILTERS],
            more_filters_used=any(form[name].value() for name in form.fields if name not in MAIN_FILTERS),
            columns=shown,
            column_choices=[(key, label, key in shown) for key, label in columns.COLUMNS.items()],
            scope=filters.scope,
            page=page,
            query=query.urlencode(),
            bulk_form=kwargs.get("bulk_form") or BulkForm(),
            sort_label=services.SORTS.get(filters.sort, services.SORTS["votes"])[0],
            rows=rows,
        )
        return context

    def post(self, request):
        form = BulkForm(request.POST)
        if form.is_valid():
            try:
                run_bulk(request, form.cleaned_data)
            except ServiceError as error:
                messages.error(request, " ".join(error.texts()))
            return redirect(request.get_full_path())
        messages.error(request, _("The action was not carried out: see the form below."))
        return self.render_to_response(self.get_context_data(bulk_form=form), status=422)


class ExportView(TriageOnly, View):
    """/admin/triage/export.csv and .json: the board's list with its filters."""

    def get(self, request, format):
        if format not in ("csv", "json"):
            raise Http404
        _form, filters = read_filters(request.GET or None)
        echo = {key: value for key, value in request.GET.items() if key in FilterForm.base_fields}
        return exports.download(services.board(filters), format, echo)
