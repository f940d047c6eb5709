"""One idea's triage sheet in the Wagtail admin (/admin/triage/<id>/): why it ranks
where it does, and every decision about it.

Every change goes through triage.services / ideas.services, as from the API.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.errors import ServiceError, add_service_errors
from community.models import WebhookDelivery
from ideas import services as idea_services
from ideas import shipped
from ideas.admin_views import MergeView
from ideas.models import Capture, Idea, IdeaBoardPage, Status, Vote
from ideas.models.ideas import RICE_CONFIDENCE, RICE_IMPACT
from reviews.models import ProductOwnership, ProductPage
from triage import demand, services
from triage.access import TriageOnly
from triage.filters import StaffChoices, read_filters, staff_field
from triage.models import AnswerTemplate, IssueLink, StaffNote, TrackerChange, TrackerConnection, TrackerRequest
from triage.trackers import services as trackers


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
        allowed = [status.pk for status in idea_services.allowed_statuses(idea)]
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
    post_on_issues = forms.BooleanField(
        label=gettext_lazy("Also post it on the idea's issues"),
        required=False,
        help_text=gettext_lazy("Only in trackers whose connection allows it. Customers never see it."),
    )


class CreateIssueForm(forms.Form):
    connection = forms.ModelChoiceField(
        label=gettext_lazy("Tracker"), queryset=TrackerConnection.objects.filter(is_active=True)
    )


class LinkIssueForm(forms.Form):
    url = forms.CharField(
        label=gettext_lazy("Issue address"),
        max_length=500,
        help_text=gettext_lazy("Paste the address of an issue in a connected tracker's project."),
    )


class UnlinkIssueForm(forms.Form):
    link = forms.IntegerField(widget=forms.HiddenInput)


class TrackerChangeForm(forms.Form):
    change = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("dismiss", "dismiss"), ("undo", "undo")])
    message = forms.CharField(
        label=gettext_lazy("Public message"), required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RetryRequestForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    template = forms.ModelChoiceField(label=gettext_lazy("Answer template"), queryset=AnswerTemplate.objects.all())


VOTERS_SHOWN = 100


class IdeaSheetView(TriageOnly, WagtailAdminTemplateMixin, TemplateView):
    """/admin/triage/<pk>/: demand and why it ranks there, and every decision on one page."""

    template_name = "triage/idea_sheet.html"
    header_icon = "pick"
    FORMS = {
        "status": StatusForm,
        "priority": PriorityForm,
        "assign": AssignForm,
        "tracking": TrackingForm,
        "note": NoteForm,
        "answer": AnswerForm,
        "issue": CreateIssueForm,
        "link": LinkIssueForm,
        "unlink": UnlinkIssueForm,
        "tracker_change": TrackerChangeForm,
        "retry_request": RetryRequestForm,
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
        # Votes support or sales recorded for the customer (ideas.capture), with their words.
        captured = {
            capture.customer_id: capture
            for capture in Capture.objects.filter(
                idea=idea, kind=Capture.Kind.VOTE, customer_id__in=[vote.member_id for vote in voters]
            ).select_related("captured_by")
        }
        for vote in voters:
            vote.capture = captured.get(vote.member_id)
        context.update(
            idea=idea,
            public_url=IdeaBoardPage.idea_url_outside(idea, self.request),
            scope_form=form,
            breakdown=demand.breakdown(idea, filters.scope),
            voters=voters,
            allowed=idea_services.allowed_statuses(idea),
            feedback=shipped.results(idea),
            notes=services.notes(idea),
            issue_links=IssueLink.objects.filter(idea=idea).select_related("connection"),
            tracker_requests=TrackerRequest.objects.filter(idea=idea)
            .exclude(state=TrackerRequest.State.DONE)
            .select_related("connection")[:10],
            tracker_changes=TrackerChange.objects.filter(idea=idea).select_related("from_status", "to_status")[:10],
            has_trackers=trackers.active_connections().exists(),
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
        change = idea_services.change_status(self.idea, data["to_status"], self.request.user, data["message"])
        return _("“%(idea)s” is now %(status)s.") % {"idea": self.idea, "status": change.to_status.label}

    def _do_priority(self, data):
        idea = services.set_priority(self.idea, self.request.user, **data)
        if idea.rice_score is None:
            return _("Saved. The RICE score appears once all four are set.")
        return _("Saved. RICE score: %(score)s.") % {"score": idea.rice_score}

    def _do_assign(self, data):
        services.assign([self.idea], self.request.user, **data)
        return _("Saved.")

    def _do_tracking(self, data):
        services.set_external_url(self.idea, self.request.user, data["external_url"])
        return _("Saved.")

    def _do_note(self, data):
        parent = None
        if data.get("parent"):
            parent = StaffNote.objects.filter(pk=data["parent"], idea=self.idea).first()
        services.add_note(self.idea, self.request.user, data["body"], parent)
        if not data.get("post_on_issues"):
            return _("Note added.")
        posted = 0
        for connection in TrackerConnection.objects.filter(links__idea=self.idea, post_notes=True).distinct():
            posted += trackers.post_note(self.idea, connection, data["body"], self.request.user)
        return _("Note added, and sent to %(count)d issues.") % {"count": posted}

    def _do_issue(self, data):
        request = trackers.create_issue(self.idea, data["connection"], self.request.user)
        if request.state == TrackerRequest.State.DONE and request.link is not None:
            return _("Issue %(key)s created in %(tracker)s.") % {
                "key": request.link.label,
                "tracker": request.connection.name,
            }
        if request.state == TrackerRequest.State.FAILED:
            raise ServiceError(_("The tracker refused: %(error)s") % {"error": request.error})
        return _("The issue is being created in %(tracker)s; it appears here once the tracker has answered.") % {
            "tracker": request.connection.name
        }

    def _do_link(self, data):
        link = trackers.link_issue(self.idea, data["url"], self.request.user)
        return _("Linked %(key)s (%(state)s).") % {"key": link.label, "state": link.get_state_display()}

    def _do_unlink(self, data):
        link = get_object_or_404(IssueLink, pk=data["link"], idea=self.idea)
        trackers.unlink(link, self.request.user)
        return _("Unlinked %(key)s.") % {"key": link.label}

    def _do_tracker_change(self, data):
        change = get_object_or_404(TrackerChange, pk=data["change"], idea=self.idea)
        user = self.request.user
        if data["decision"] == "approve":
            trackers.approve(change, user, data["message"] or change.message)
            return _("Approved: the idea is now %(status)s.") % {"status": change.to_status.label}
        if data["decision"] == "dismiss":
            trackers.dismiss(change, user)
            return _("Dismissed: the idea stays where it is.")
        trackers.undo(change, user, data["message"])
        return _("Undone: the idea is %(status)s again.") % {"status": change.from_status.label}

    def _do_retry_request(self, data):
        request = get_object_or_404(TrackerRequest, pk=data["request"], idea=self.idea)
        request = trackers.retry_request(request, self.request.user)
        return _("Tried again: %(state)s.") % {"state": request.get_state_display()}

    def _do_answer(self, data):
        result = services.answer_many([self.idea], data["template"], self.request.user)
        if result.refused:
            raise ServiceError(result.refused[0][1])
        return _("Answered. Everyone following the idea is told.")

    def _send_to_backlog(self):
        try:
            sent = services.send_to_backlog(self.idea, self.request.user)
        except ServiceError as error:
            messages.error(self.request, " ".join(error.texts()))
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


class TriageMergeView(MergeView):
    """Merging from an idea's sheet leads back to the sheet, now of the survivor."""

    def success_url(self, into: Idea) -> str:
        return reverse("triage_idea", args=[into.pk])
