"""Product ratings recomputed from the reviews they sum up, to find and fix drift."""

from django.db.models import Count, Q, Sum

from reviews.models import STARS, ProductPage, ProductRating, Review

FIELDS = ("count", "total", *(f"stars_{stars}" for stars in STARS))


def actual_ratings() -> dict[int, dict[str, int]]:
    """Per product, what its published reviews add up to, in one GROUP BY."""
    rows = (
        Review.objects.published()
        .values("product_id")
        .annotate(
            count=Count("pk"),
            total=Sum("rating"),
            **{f"stars_{stars}": Count("pk", filter=Q(rating=stars)) for stars in STARS},
        )
        .order_by()
    )
    return {row.pop("product_id"): row for row in rows}


def rating_drift() -> list[tuple[int, str, int, int]]:
    """(product id, field, stored, actual) for every rating figure that disagrees with the reviews."""
    actual = actual_ratings()
    stored = {row.pop("product_id"): row for row in ProductRating.objects.values("product_id", *FIELDS)}
    zero = dict.fromkeys(FIELDS, 0)
    return [
        (product, field, stored.get(product, zero)[field], actual.get(product, zero)[field])
        for product in sorted(set(actual) | set(stored))
        for field in FIELDS
        if stored.get(product, zero)[field] != actual.get(product, zero)[field]
    ]


def recount_ratings() -> int:
    """Writes every product's rating from its reviews; returns how many products it set."""
    actual = actual_ratings()
    products = ProductPage.objects.values_list("pk", flat=True)
    zero = dict.fromkeys(FIELDS, 0)
    for product in products:
        ProductRating.objects.update_or_create(product_id=product, defaults=actual.get(product, zero))
    return len(products)
