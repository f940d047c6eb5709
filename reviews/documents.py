"""What of the product catalogue can be found: products and their published reviews."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models.functions import Coalesce
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.markdown import plain_text
from reviews.models import ProductPage, Review
from search.registry import Facet, Kind, Record
from search.text import indexable_text


def product_titles(slugs) -> dict[str, str]:
    return dict(ProductPage.objects.filter(slug__in=list(slugs)).values_list("slug", "title"))


def star_labels(values) -> dict[str, str]:
    return {
        value: ngettext("%(stars)s star", "%(stars)s stars", int(value)) % {"stars": value}
        for value in values
        if value.isdigit()
    }


NEVER_PUBLISHED = datetime(2000, 1, 1, tzinfo=UTC)  # pages created in code without a revision
PRODUCT_FACET = Facet("product", _("Product"), labels=product_titles)


def _product_record(product: ProductPage) -> Record:
    description = strip_tags(str(product.description)) if product.description else ""
    rating = getattr(product, "rating", None)
    return Record(
        kind="product",
        pk=product.pk,
        title=indexable_text(product.title),
        body=indexable_text(f"{product.summary}\n{product.category}\n{description}"),
        facets={"product": [product.slug]},
        popularity=rating.count if rating else 0,
        published_at=product.first_published_at or NEVER_PUBLISHED,
    )


def _review_record(review: Review) -> Record:
    return Record(
        kind="review",
        pk=review.pk,
        title=indexable_text(review.title),
        body=indexable_text("\n".join(filter(None, [plain_text(review.body), review.pros, review.cons]))),
        facets={"product": [review.product.slug], "stars": [str(review.rating)]},
        popularity=review.helpful_count,
        published_at=review.created_at,
    )


def _review_url(review: Review, request=None) -> str:
    return review.product.review_address(review.product.get_url(request), review.pk)


PRODUCTS = Kind(
    name="product",
    label=_("Products"),
    model=ProductPage,
    indexable=lambda: ProductPage.objects.live().public().select_related("rating"),
    record=_product_record,
    url=lambda product, request=None: product.get_url(request),
    facets=(PRODUCT_FACET,),
    popularity=lambda: ProductPage.objects.live().annotate(n=Coalesce("rating__count", 0)).values_list("pk", "n"),
    template="reviews/includes/product_hit.html",
    position=30,
)

REVIEWS = Kind(
    name="review",
    label=_("Reviews"),
    model=Review,
    indexable=lambda: Review.objects.published().filter(product__live=True).select_related("product", "author"),
    record=_review_record,
    url=_review_url,
    facets=(PRODUCT_FACET, Facet("stars", _("Rating"), labels=star_labels)),
    popularity=lambda: Review.objects.published().values_list("pk", "helpful_count"),
    template="reviews/includes/review_hit.html",
    position=20,
)
