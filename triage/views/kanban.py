"""/admin/triage/kanban/: the ideas as cards in one column per status. A product
manager drags a card to another column, writes the public message in the dialog that
opens, and the move goes through ideas.services.change_status like any other; each
card also has a "Move" form, for the keyboard and for browsers without JavaScript."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from community.admin_views import AdminPage
from community.errors import ServiceError
from ideas import services as idea_services
from ideas.models import Idea, Status
from reviews.models import ProductPage
from triage.access import TriageOnly

CARDS_PER_COLUMN = 25


class MoveForm(forms.Form):
    idea = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    to_status = forms.ModelChoiceField(label=gettext_lazy("Move to"), queryset=Status.objects.choosable())
    message = forms.CharField(
        label=gettext_lazy("Public message"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Everyone who follows the idea reads it. Markdown."),
    )


def columns(product: ProductPage | None) -> list[dict]:
    """Each status with its most-voted live ideas and how many it holds in all."""
    ideas = Idea.objects.published().filter(merged_into__isnull=True)
    if product is not None:
        ideas = ideas.filter(product=product)
    totals = dict(ideas.values_list("status").annotate(n=Count("pk")).order_by())
    found = []
    for status in Status.objects.choosable().order_by("position", "pk"):
        cards = ideas.filter(status=status).select_related("product").order_by("-vote_count", "-pk")
        found.append({"status": status, "cards": list(cards[:CARDS_PER_COLUMN]), "total": totals.get(status.pk, 0)})
    return found


class KanbanView(TriageOnly, AdminPage, TemplateView):
    template_name = "triage/kanban.html"
    page_title = gettext_lazy("Ideas by status")
    header_icon = "pick"

    def get_parent_crumbs(self):
        return [{"url": reverse("triage"), "label": _("Triage")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.request.GET.get("product", "")
        product = ProductPage.objects.live().filter(slug=slug).first() if slug else None
        context.update(
            columns=columns(product),
            product=product,
            products=ProductPage.objects.live().order_by("title"),
            statuses=Status.objects.choosable().order_by("position", "pk"),
        )
        return context


class MoveView(TriageOnly, View):
    """POST: one idea to another status, with its message. Scripts get JSON back
    (Accept: application/json); a plain form returns to the kanban with a message."""

    def post(self, request):
        wants_json = "application/json" in request.headers.get("Accept", "")
        form = MoveForm(request.POST)
        if not form.is_valid():
            errors = {field: [str(error) for error in found] for field, found in form.errors.items()}
            if wants_json:
                return JsonResponse({"errors": errors}, status=422)
            for found in errors.values():
                messages.error(request, " ".join(found))
            return redirect("triage_kanban")
        idea = get_object_or_404(Idea.objects.select_related("status"), pk=form.cleaned_data["idea"])
        to = form.cleaned_data["to_status"]
        try:
            idea_services.change_status(idea, to, request.user, form.cleaned_data["message"])
        except ServiceError as error:
            if wants_json:
                return JsonResponse({"errors": {"to_status": error.texts()}}, status=422)
            messages.error(request, f"#{idea.pk} {idea}: {' '.join(error.texts())}")
            return redirect("triage_kanban")
        done = _("“%(idea)s” is now %(status)s; its followers are told.") % {"idea": idea.title, "status": to.label}
        if wants_json:
            return JsonResponse({"message": done, "status": to.slug})
        messages.success(request, done)
        return redirect("triage_kanban")
