"""Demo products for `seed_demo`: a catalogue the community can talk about."""

from community.demo import SeedReport, ensure_child, home_page, publish
from reviews.models import ProductIndexPage, ProductPage

PRODUCTS = [
    {
        "slug": "sync",
        "title": "Sync",
        "summary": "Keeps your files the same on every device, and shares folders with your team.",
        "category": "Apps",
        "status": ProductPage.Status.AVAILABLE,
        "description": [{"type": "paragraph", "value": "<p>Sync watches the folders you choose and keeps every copy up to date, on your laptop, your phone and the web. Share a folder with a link, or with your whole team.</p>"}],
    },
    {
        "slug": "mobile",
        "title": "Mobile app",
        "summary": "Your files, notes and photos on the go, for Android and iOS.",
        "category": "Apps",
        "status": ProductPage.Status.AVAILABLE,
        "description": [{"type": "paragraph", "value": "<p>Open, scan and share from your phone. Photos upload in the background; files you mark are there offline.</p>"}],
    },
    {
        "slug": "insights",
        "title": "Insights",
        "summary": "See who works on what: activity reports and storage trends for team admins.",
        "category": "Business",
        "status": ProductPage.Status.BETA,
        "description": [{"type": "paragraph", "value": "<p>Insights is in beta. Team admins see storage by folder, active members and sharing across the company, week by week.</p>"}],
    },
    {
        "slug": "classic-desktop",
        "title": "Classic desktop client",
        "summary": "The original desktop client, replaced by Sync.",
        "category": "Apps",
        "status": ProductPage.Status.RETIRED,
        "description": [{"type": "paragraph", "value": "<p>The classic client is no longer updated. Sync replaces it and imports its settings.</p>"}],
    },
]  # fmt: skip


def seed_products(report: SeedReport) -> None:
    index = ensure_child(
        home_page(),
        ProductIndexPage,
        report,
        title="Products",
        slug="products",
        show_in_menus=True,
        intro="What we make. Open a product to see what customers say about it and what we plan next.",
    )
    existing = set(ProductPage.objects.child_of(index).values_list("slug", flat=True))
    for spec in PRODUCTS:
        if spec["slug"] not in existing:
            publish(index, ProductPage(**spec))
            report.pages_created += 1
