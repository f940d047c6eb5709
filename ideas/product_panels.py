"""What the ideas app adds to a product's page, and to an idea about a product:
reviews and ideas side by side (reviews never import ideas; this module joins them)."""

from django.db.models import Avg, Count
from django.template.loader import render_to_string

from ideas.models import Idea, IdeaBoardPage, Vote
from ideas.queries import DEFAULT_SORT
from ideas.workflow import VOTING_STAGES
from reviews.models import Review

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


def voters_rating(idea: Idea) -> dict:
    """How the idea's voters rated its product: are the people asking happy customers?"""
    if idea.product_id is None:
        return {"average": None, "count": 0}
    voters = Vote.objects.filter(idea=idea).values("member_id")
    return (
        Review.objects.published()
        .filter(product_id=idea.product_id, author_id__in=voters)
        .aggregate(average=Avg("rating"), count=Count("pk"))
    )
