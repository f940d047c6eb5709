"""A product's page: what it is, its rating, its reviews, and what its customers ask for."""

import json
from collections.abc import Callable

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe

from community import follows, page_cache
from community.pictures import services as pictures
from community.plugins import Point
from reviews.forms import ReplyForm
from reviews.models import STARS, Review
from reviews.queries import SORTS, ReviewFilters, rating_of, review_for_viewer, reviews_of

PER_PAGE = 6  # a page of reviews fits a screen or two; the rest are a click away
# Feature apps add panels to the product page (ideas: "what customers ask us to
# improve") without reviews importing them: each returns HTML for (request, product).
PRODUCT_PANELS: Point[Callable[..., str]] = Point("product page panels", Callable)
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def product_page(request, page):
    page_cache.share(request)
    filters = ReviewFilters.from_request(request.GET)
    reviews = Paginator(reviews_of(page, filters, request.user), PER_PAGE).get_page(request.GET.get("page"))
    rating = rating_of(page)
    member = request.user
    linked = _linked_review(request, page, reviews)
    pictures.attach_to([*reviews, *([linked] if linked else [])])
    context = {
        "page": page,
        "self": page,
        "rating": rating,
        "reviews": reviews,
        "filters": filters,
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "stars_choices": list(reversed(STARS)),
        "my_review": Review.objects.filter(product=page, author=member).first() if member.is_authenticated else None,
        "can_reply": member.has_perm("reviews.reply_to_reviews"),
        "following": follows.is_following(member, page),
        "reply_form": ReplyForm(),
        "panels": [html for panel in PRODUCT_PANELS if (html := panel(request, page))],
        "json_ld": json_ld(request, page, rating, list(reviews)),
        "linked_review": linked,
    }
    return TemplateResponse(request, "reviews/product_page.html", context)


def _linked_review(request, page, reviews) -> Review | None:
    """?review=<id> (a search hit, a notification): that review first, unless this
    page of the list shows it anyway."""
    wanted = request.GET.get("review", "")
    if not wanted.isdigit() or int(wanted) in {review.pk for review in reviews}:
        return None
    return review_for_viewer(page, int(wanted), request.user)


def json_ld(request, page, rating, reviews: list[Review]) -> str:
    """schema.org Product with its AggregateRating and the reviews on this page, for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
    }
    if page.category:
        data["category"] = page.category
    if rating.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": rating.average,
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    if reviews:
        data["review"] = [
            {
                "@type": "Review",
                "name": review.title,
                "reviewBody": review.body,
                "datePublished": review.created_at.date().isoformat(),
                "author": {"@type": "Person", "name": review.author.public_name},
                "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5, "worstRating": 1},
            }
            for review in reviews
        ]
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 (escaped above)
