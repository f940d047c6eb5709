"""What of the ideas can be found: published ideas that are not merged into another."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.markdown import plain_text
from ideas.models import Idea, IdeaBoardPage, IdeaTag, Status
from reviews.documents import PRODUCT_FACET
from search.registry import Facet, Kind, Record
from search.text import indexable_text


def status_labels(slugs) -> dict[str, str]:
    return {status.slug: status.label for status in Status.objects.filter(slug__in=list(slugs))}


def tag_labels(slugs) -> dict[str, str]:
    return dict(IdeaTag.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def _record(idea: Idea) -> Record:
    return Record(
        kind="idea",
        pk=idea.pk,
        title=indexable_text(idea.title),
        body=indexable_text(plain_text(idea.body)),
        facets={
            "product": [idea.product.slug] if idea.product_id else [],
            "status": [idea.status.slug],
            "tag": [tag.slug for tag in idea.tags.all()],
        },
        popularity=idea.vote_count,
        published_at=idea.created_at,
    )


def _invitation(text: str, request=None) -> tuple[str, str] | None:
    board = IdeaBoardPage.objects.live().first()
    if board is None:
        return None
    url = board.get_url(request) + board.reverse_subpage("new") + "?" + urlencode({"title": text})
    return gettext("Post “%(text)s” as a new idea") % {"text": text}, url


def _indexable():
    return (
        Idea.objects.published()
        .filter(merged_into__isnull=True)
        .select_related("status", "product")
        .prefetch_related("tags")
    )


IDEAS = Kind(
    name="idea",
    label=_("Ideas"),
    model=Idea,
    indexable=_indexable,
    record=_record,
    url=IdeaBoardPage.idea_url_outside,
    facets=(
        Facet("status", _("Status"), labels=status_labels),
        PRODUCT_FACET,
        Facet("tag", _("Topic"), labels=tag_labels),
    ),
    popularity=lambda: Idea.objects.published().filter(merged_into__isnull=True).values_list("pk", "vote_count"),
    template="ideas/includes/idea_hit.html",
    position=10,
    invitation=_invitation,
)
