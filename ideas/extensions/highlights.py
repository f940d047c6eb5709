"""The weekly highlights section of the digest: the most-voted new ideas on the
products a member owns or follows (not their own ideas)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import ngettext

from community.notifications.digests import Line
from ideas.models import Idea, IdeaBoardPage
from reviews.queries import products_of

PER_PRODUCT = 3
PER_MEMBER = 5


def new_ideas_on_my_products(member_ids: list[int], since: datetime) -> dict[int, list[Line]]:
    products = products_of(member_ids)
    wanted = set().union(*products.values()) if products else set()
    if not wanted:
        return {}
    # The top few per product in one query (a window function), a few more than shown
    # so that a member's own ideas can be left out.
    top = (
        Idea.objects.published()
        .filter(product_id__in=wanted, created_at__gte=since, merged_into__isnull=True)
        .annotate(rank=Window(RowNumber(), partition_by=F("product_id"), order_by=[F("vote_count").desc(), F("pk")]))
        .filter(rank__lte=PER_PRODUCT + PER_MEMBER)
        .select_related("product")
        .only("pk", "title", "author_id", "vote_count", "product__title", "product_id")
    )
    found: dict[int, list[Idea]] = defaultdict(list)
    for idea in top:
        found[idea.product_id].append(idea)
    url = IdeaBoardPage.idea_urls_outside()
    result = {}
    for member_id, mine in products.items():
        ideas = sorted(
            (idea for product_id in mine for idea in found[product_id][:PER_PRODUCT] if idea.author_id != member_id),
            key=lambda idea: (-idea.vote_count, idea.pk),
        )[:PER_MEMBER]
        result[member_id] = [_line(idea, url) for idea in ideas]
    return result


def _line(idea: Idea, url) -> Line:
    votes = ngettext("%(count)d vote", "%(count)d votes", idea.vote_count) % {"count": idea.vote_count}
    return Line(title=idea.title, url=url(idea), note=f"{idea.product.title} · {votes}")
