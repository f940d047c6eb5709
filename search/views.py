"""/search/: one search over ideas, reviews and products; and its autocomplete fragment."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from community import page_cache
from search import interface, registry
from search.forms import SORT_LABELS, SearchForm


@require_GET
def search_page(request):
    page_cache.share(request)  # the same for every anonymous reader
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        arguments = form.search_arguments()
        results = interface.search(**arguments, request=request)
        if results.total and not results.hits and arguments["page"] > results.pages:
            # A page past the end (an old link, a typed URL): the last page instead.
            results = interface.search(**{**arguments, "page": results.pages}, request=request)
    context = {
        "form": form,
        "results": results,
        "kinds": registry.kinds(),
        "kind_templates": {kind.name: kind.template for kind in registry.kinds()},
        "facet_labels": interface.facet_labels(),
        "sorts": SORT_LABELS.items(),
        "invitations": _invitations(form, results, request),
    }
    return TemplateResponse(request, "search/search_page.html", context)


@require_GET
def suggestions(request):
    """Titles completing what is typed in the search box (HTMX, debounced)."""
    prefix = request.GET.get("q", "")
    hits = interface.suggest(prefix, request=request) if len(prefix.strip()) >= 2 else []
    return TemplateResponse(request, "search/includes/suggestions.html", {"hits": hits, "prefix": prefix})


def _invitations(form, results, request) -> list[tuple[str, str]]:
    if results is None or results.total:
        return []
    text = form.cleaned_data["q"].strip()
    offers = (kind.invitation(text, request) for kind in registry.kinds() if kind.invitation)
    return [offer for offer in offers if offer]
