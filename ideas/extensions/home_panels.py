"""The ideas' panels on a signed-in member's home page: open ideas on the products
they own or follow, and what customers in their segment ask for most."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _

from community.home import PANEL_SIZE, Panel
from community.models import User
from ideas.models import Idea, IdeaBoardPage
from ideas.workflow import VOTING_STAGES
from reviews.queries import products_of


def _open_ideas_not_voted_by(member: User):
    return (
        Idea.objects.published()
        .filter(merged_into__isnull=True, status__stage__in=VOTING_STAGES)
        .exclude(author=member)
        .exclude(votes__member=member)
        .select_related("status", "product")
    )


def _with_urls(ideas) -> list[Idea]:
    url = IdeaBoardPage.idea_urls_outside()
    ideas = list(ideas)
    for idea in ideas:
        idea.page_url = url(idea)
    return ideas


def ideas_on_my_products(request: HttpRequest, member: User) -> Panel | None:
    products = products_of([member.pk]).get(member.pk)
    if not products:
        return None
    ideas = _open_ideas_not_voted_by(member).filter(product_id__in=products).order_by("-vote_count", "-pk")
    return Panel(
        "product-ideas", _("Ideas on your products"), "ideas/includes/home_ideas.html", _with_urls(ideas[:PANEL_SIZE])
    )


def segment_demand(request: HttpRequest, member: User) -> Panel | None:
    """The segment itself is the company's business, not shown: only what its members want."""
    if member.segment_id is None:
        return None
    ideas = (
        _open_ideas_not_voted_by(member)
        .filter(votes__member__segment_id=member.segment_id)
        .annotate(segment_votes=Count("votes"))
        .order_by("-segment_votes", "-vote_count", "-pk")
    )
    heading = _("Popular with customers like you")
    return Panel("segment-ideas", heading, "ideas/includes/home_ideas.html", _with_urls(ideas[:PANEL_SIZE]))
