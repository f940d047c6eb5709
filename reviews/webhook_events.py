"""The review events sent to webhooks: review.created, once a review is public."""

from django.utils.translation import gettext as _

from community.webhooks import services as webhooks
from reviews.models import Review

REVIEW_CREATED = "review.created"


def payload(review: Review) -> dict:
    """Public facts only: the author appears by their public name."""
    product = review.product
    return {
        "id": review.pk,
        "url": product.review_address(product.full_url, review.pk),
        "product": {"id": product.pk, "title": product.title},
        "rating": review.rating,
        "title": review.title,
        "body": review.body,
        "pros": review.pros,
        "cons": review.cons,
        "author": review.author.public_name,
        "segment": {"id": review.author.segment.pk, "name": review.author.segment.name}
        if review.author.segment_id
        else None,
        "verified_owner": review.verified_owner,
        "created_at": review.created_at.isoformat(),
    }


def review_published(review: Review) -> None:
    """Call inside the transaction that published it; a review published again after
    a moderator's second look is not sent again."""
    webhooks.emit(REVIEW_CREATED, f"review:{review.pk}", payload(review))


def at_most_the_stars(endpoint, data: dict) -> bool:
    return data.get("rating", 0) <= endpoint.max_rating


def describe(data: dict) -> webhooks.Summary:
    stars = "★" * data["rating"] + "☆" * (5 - data["rating"])
    title = _("%(stars)s %(product)s: %(title)s") % {
        "stars": stars,
        "product": data["product"]["title"],
        "title": data["title"],
    }
    text = " ".join((data.get("body") or "").split())[:600]
    facts = [(_("Rating"), _("%(rating)d of 5") % {"rating": data["rating"]})]
    facts.append((_("Verified owner"), _("yes") if data.get("verified_owner") else _("no")))
    if data.get("segment"):
        facts.append((_("Author's segment"), data["segment"]["name"]))
    return webhooks.Summary(title, text, data["url"], tuple(facts))


def product_of(data: dict) -> object:
    """The product filter's value: ideas and reviews carry one (or none)."""
    if "product" not in data:
        return webhooks.NOT_APPLICABLE
    return (data["product"] or {}).get("id")


def product_choices() -> list[tuple[int | str, str]]:
    from reviews.models import ProductPage

    return [(page.pk, page.title) for page in ProductPage.objects.live().order_by("title")]
