"""What the ideas app adds to a product's page: the product's most-voted open ideas
(reviews never import ideas; this panel joins them)."""

from django.template.loader import render_to_string

from ideas.models import Idea, IdeaBoardPage
from ideas.queries import DEFAULT_SORT
from ideas.workflow import VOTING_STAGES

SHOWN = 5


def most_demanded_ideas(request, product) -> str:
    """ "What customers ask us to improve": the product's most-voted ideas still open for votes."""
    ideas = list(
        Idea.objects.published()
        .filter(product=product, merged_into__isnull=True, status__stage__in=VOTING_STAGES)
        .select_related("status")
        .order_by("-vote_count", "-id")[:SHOWN]
    )
    board = IdeaBoardPage.objects.live().first()
    context = {"ideas": ideas, "board": board, "product": product, "sort": DEFAULT_SORT}
    return render_to_string("ideas/includes/product_ideas.html", context, request=request)
