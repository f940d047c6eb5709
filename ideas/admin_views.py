"""Admin screens beyond Wagtail's generic ones: choosing an idea, merging a duplicate.

Both go through the same services as the site: merge_ideas() moves the votes and
followers and leaves the duplicate pointing at the survivor.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from community.errors import ServiceError
from ideas import services
from ideas.models import Idea


class IdeaSearchForm(BaseFilterForm):
    """Finds ideas by words of the title or by number, in the database."""

    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Title words or idea number")}),
    )

    def filter(self, objects):
        query = " ".join((self.cleaned_data.get("q") or "").split())
        if not query:
            return objects
        self.is_searching, self.search_query = True, query
        if query.lstrip("#").isdigit():
            return objects.filter(Q(pk=int(query.lstrip("#"))) | Q(title__icontains=query))
        for word in query.split()[:8]:
            objects = objects.filter(title__icontains=word)
        return objects


class _LiveIdeas:
    filter_form_class = IdeaSearchForm

    @cached_property
    def columns(self):
        return [
            *super().columns,
            Column("status", label=_("Status")),
            Column("vote_count", label=_("Votes")),
            Column("pk", label=_("Number")),
        ]

    def get_object_list(self):
        return Idea.objects.filter(merged_into__isnull=True).select_related("status").order_by("-vote_count", "-pk")


class IdeaChooseView(_LiveIdeas, ChooseView):
    pass


class IdeaChooseResultsView(_LiveIdeas, ChooseResultsView):
    pass


class IdeaChooserViewSet(ChooserViewSet):
    model = Idea
    icon = "pick"
    choose_one_text = gettext_lazy("Choose an idea")
    choose_another_text = gettext_lazy("Choose another idea")
    choose_view_class = IdeaChooseView
    choose_results_view_class = IdeaChooseResultsView


idea_chooser = IdeaChooserViewSet("idea_chooser")


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=gettext_lazy("Merge into"),
        queryset=Idea.objects.filter(merged_into__isnull=True),
        widget=idea_chooser.widget_class(),
        help_text=gettext_lazy("The idea that stays. Votes and followers move there; nobody's vote counts twice."),
    )
    message = forms.CharField(
        label=gettext_lazy("Public message"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Shown on the duplicate's history. Markdown."),
    )


class MergeView(WagtailAdminTemplateMixin, FormView):
    """/admin/ideas/merge/<pk>/: folds this idea into another one."""

    form_class = MergeForm
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "pick"
    index_url_name = "ideas:index"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("ideas.merge_ideas"):
            raise PermissionDenied
        self.duplicate = get_object_or_404(Idea.objects.select_related("status"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Merge a duplicate")

    def get_page_subtitle(self):
        return str(self.duplicate)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": _("Ideas")},
            {"url": "", "label": _("Merge"), "sublabel": str(self.duplicate)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=_("Merge"),
            submit_button_active_label=_("Merging…"),
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        into = form.cleaned_data["into"]
        try:
            services.merge_ideas(self.duplicate, into, self.request.user, form.cleaned_data["message"])
        except ServiceError as error:  # e.g. merging into itself, or into a merged idea
            form.add_error("into", error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("“%(duplicate)s” is merged into “%(into)s”.") % {"duplicate": self.duplicate, "into": into}
        )
        return redirect(self.success_url(into))

    def success_url(self, into: Idea) -> str:
        """Where the merge leads: the survivor (in the ideas admin here)."""
        return reverse("ideas:edit", args=[into.pk])
