import factory

from reviews.models import ProductIndexPage, ProductPage, Review
from tests.factories.base import ContentFactory
from tests.factories.members import MemberFactory


def ProductFactory(parent: ProductIndexPage | None = None, **fields) -> ProductPage:
    """A live product page under the product index."""
    parent = parent or ProductIndexPage.objects.get()
    fields.setdefault("title", "Product")
    fields.setdefault("summary", f"{fields['title']} does one thing well.")
    page = ProductPage(**fields)
    parent.add_child(instance=page)
    return page


class ReviewFactory(ContentFactory):
    """A published review, as submit_review would leave it (the product's rating aside)."""

    class Meta:
        model = Review

    author = factory.SubFactory(MemberFactory)
    rating = 4
    title = factory.Sequence(lambda n: f"Review {n}")
    body = "Works well for our team."
