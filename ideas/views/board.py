"""The board: every idea, sorted and filtered; and live suggestions while typing a title."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from community import page_cache
from ideas.models import IdeaTag, Status
from ideas.queries import MINE, SORTS, BoardFilters, board_count, similar_ideas
from ideas.queries import board as board_query
from reviews.models import ProductPage


def board(request, page):
    page_cache.share(request)  # what anonymous readers see is the same for all of them
    filters = BoardFilters.from_request(request.GET)
    ideas = board_query(filters, request.user)
    paginator = Paginator(ideas, page.ideas_per_page)
    paginator.count = board_count(ideas, filters)
    ideas = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "self": page,
        "ideas": ideas,
        "filters": filters,
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "mine_choices": list(MINE.items()),
        "statuses": Status.objects.choosable(),
        "products": ProductPage.objects.live().public().order_by("title"),
        "tags": IdeaTag.objects.all(),
        "query_without_page": _without(request.GET, "page"),
    }
    return TemplateResponse(request, "ideas/idea_board_page.html", context)


def similar(request, page):
    """Ideas like the title being typed, so a member can vote instead of posting a duplicate."""
    title = request.GET.get("title", "")[:140]
    product = request.GET.get("product", "")  # the form's choice: a product page's id
    slug = (
        ProductPage.objects.filter(pk=product).values_list("slug", flat=True).first()
        if product.isdigit() and len(product) < 10
        else ""
    )
    similar = similar_ideas(title, body=request.GET.get("body", "")[:2000], product=slug or "")
    return TemplateResponse(
        request, "ideas/includes/similar_ideas.html", {"page": page, "similar": similar, "title": title}
    )


def _without(params, name: str) -> str:
    copy = params.copy()
    copy.pop(name, None)
    return copy.urlencode()
