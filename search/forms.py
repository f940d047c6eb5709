"""The search page's parameters: what is typed is checked for length only (engines
read it as plain words); an unknown kind, sort or page (an old or edited link) falls
back to the default instead of failing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from search import interface, registry
from search.results import MAX_QUERY_LENGTH, SORTS

SORT_LABELS = {"relevance": _("Best match"), "newest": _("Newest"), "popular": _("Most popular")}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    kind = forms.CharField(label=_("Show"), required=False)
    sort = forms.CharField(label=_("Sort by"), required=False)
    page = forms.CharField(required=False)
    exact = forms.BooleanField(required=False)  # "search for what I typed", not the correction

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in interface.facet_labels().items():
            self.fields[name] = forms.CharField(label=label, required=False, max_length=100)

    def clean_kind(self) -> str:
        kind = self.cleaned_data.get("kind") or ""
        return kind if kind in registry.names() else ""

    def clean_sort(self) -> str:
        sort = self.cleaned_data.get("sort") or ""
        return sort if sort in SORTS else "relevance"

    def clean_page(self) -> int:
        page = self.cleaned_data.get("page") or ""
        return int(page) if page.isdigit() and int(page) > 0 else 1

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["q"],
            "kinds": [data["kind"]] if data.get("kind") else [],
            "filters": {name: data[name] for name in interface.facet_labels() if data.get(name)},
            "sort": data.get("sort") or "relevance",
            "page": data["page"],
            "correct": not data.get("exact"),
        }
