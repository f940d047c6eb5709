"""/admin/capture/: "Record feedback" — what a customer said on a call, in a ticket or a
meeting, recorded as their idea, vote or comment (ideas.capture.services)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem

from community.admin_views import AdminPage
from community.errors import ServiceError, add_service_errors
from ideas.capture import services
from ideas.models import Capture, Idea, IdeaBoardPage, Vote

IDEA_IN_ADDRESS = re.compile(r"/ideas/(\d+)-")


class CaptureMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.PERMISSION)


class CaptureForm(forms.Form):
    customer = forms.CharField(
        label=gettext_lazy("Customer"),
        max_length=254,
        help_text=gettext_lazy("Their email address, CRM id or name."),
    )
    create = forms.BooleanField(
        label=gettext_lazy("New to the community: add them with this email address"), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What they gave"), choices=Capture.Kind.choices, widget=forms.RadioSelect, initial="vote"
    )
    idea = forms.CharField(
        label=gettext_lazy("Idea"),
        required=False,
        help_text=gettext_lazy("For a vote or a comment: the idea's number or address, e.g. 42."),
    )
    importance = forms.TypedChoiceField(
        label=gettext_lazy("How much it matters to them"),
        choices=[("", "–"), *Vote.Importance.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    title = forms.CharField(label=gettext_lazy("Title of the new idea"), max_length=200, required=False)
    body = forms.CharField(
        label=gettext_lazy("The idea's details, or the comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    source = forms.ChoiceField(label=gettext_lazy("Heard in"), choices=Capture.Source.choices)
    link = forms.CharField(
        label=gettext_lazy("Link to the original"),
        required=False,
        help_text=gettext_lazy("The ticket, the email or the meeting notes."),
    )
    quote = forms.CharField(
        label=gettext_lazy("Their own words"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Quote the customer: product managers read it beside the vote."),
    )
    which = forms.TypedChoiceField(
        label=gettext_lazy("Which customer?"), coerce=int, required=False, widget=forms.RadioSelect, choices=()
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["which"].choices = [
            (
                member.pk,
                f"{member.public_name} · {member.email}" + (f" · {member.external_id}" if member.external_id else ""),
            )
            for member in candidates
        ]
        if not candidates:
            del self.fields["which"]

    def clean_idea(self) -> Idea | None:
        text = self.cleaned_data["idea"].strip()
        if not text:
            return None
        found = IDEA_IN_ADDRESS.search(text)
        number = found.group(1) if found else text.lstrip("#")
        idea = Idea.objects.filter(pk=int(number)).first() if number.isdigit() else None
        if idea is None:
            raise forms.ValidationError(_("There is no idea %(idea)s.") % {"idea": text})
        return idea


class CaptureView(AdminPage, TemplateView):
    template_name = "ideas/admin/capture.html"
    page_title = gettext_lazy("Record feedback")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea = self.request.GET.get("idea", "")
        context.setdefault("form", CaptureForm(initial={"idea": idea} if idea.isdigit() else None))
        url = IdeaBoardPage.idea_urls_outside()
        recent = Capture.objects.filter(captured_by=self.request.user).select_related("customer", "idea")
        context["recent"] = [(capture, url(capture.idea)) for capture in recent.order_by("-created_at")[:20]]
        return context

    def post(self, request):
        candidates = list(services.find_customers(request.POST.get("customer", "")))
        form = CaptureForm(request.POST, candidates=candidates)
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = services.choose_customer(
                    data["customer"], candidates, chosen=data.get("which"), create=data["create"]
                )
                capture = services.record(
                    request.user, member, kind=data["kind"], source=data["source"], idea=data["idea"],
                    title=data["title"], body=data["body"], importance=data["importance"],
                    link=data["link"], quote=data["quote"],
                )  # fmt: skip
            except ServiceError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Recorded for %(name)s: %(what)s on “%(idea)s”. They are told.")
                    % {
                        "name": member.public_name,
                        "what": capture.get_kind_display().lower(),
                        "idea": capture.idea.title,
                    },
                )
                return redirect("capture_feedback")
        return self.render_to_response(self.get_context_data(form=form), status=422)
