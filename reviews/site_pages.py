"""The page reviews need on a new site (given to community.site.PAGES): the product
index, made once; products are added to it by editors in Wagtail."""

from community.site import SeedReport, ensure_child, home_page
from reviews.models import ProductIndexPage


def create_pages(report: SeedReport) -> ProductIndexPage:
    index = ensure_child(
        home_page(),
        ProductIndexPage,
        report,
        title="Products",
        slug="products",
        show_in_menus=True,
        intro="What we make. Open a product to see what customers say about it and what we plan next.",
    )
    return index
