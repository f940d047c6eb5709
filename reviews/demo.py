"""Demo products for `seed_demo`: a catalogue the community can talk about."""

from community.site import SeedReport, publish
from reviews import site_pages
from reviews.models import ProductPage

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
    index = site_pages.create_pages(report)
    existing = set(ProductPage.objects.child_of(index).values_list("slug", flat=True))
    for spec in PRODUCTS:
        if spec["slug"] not in existing:
            publish(index, ProductPage(**spec))
            report.pages_created += 1


# Believable, not flattering: most customers are happy, some are not, and say why.
DISTRIBUTIONS = {  # product slug: (reviews, weights of 1..5 stars)
    "sync": (60, [8, 6, 10, 30, 46]),
    "mobile": (40, [10, 10, 20, 32, 28]),
    "insights": (20, [10, 15, 30, 30, 15]),
}
TITLES = {
    1: ["Lost my files twice", "Not for teams", "Support never answered"],
    2: ["Slow on large folders", "Too many bugs lately", "Disappointed after the update"],
    3: ["Does the job", "Fine, but missing features", "Okay for the price"],
    4: ["Reliable and simple", "Good, a few rough edges", "Our team relies on it"],
    5: ["Could not work without it", "Just works", "Best tool we bought this year"],
}
BODIES = {
    1: "Sync stopped without telling me, and I only noticed when a client asked for the latest version.",
    2: "It works, but the first sync of our archive took two days and the app kept asking me to sign in again.",
    3: "It does what it says. I miss selective sync for shared folders and better search.",
    4: "Setup took ten minutes and it has been quiet ever since. Sharing links with clients is easy.",
    5: "We moved the whole office to it. Everything is where it should be, on every device, **every time**.",
}
PROS = ["Easy to set up", "Fast on small files", "Sharing links are simple", "Works offline"]
CONS = ["Slow first sync", "Search could be better", "No dark mode on the web", "Pricey for small teams"]
REPLIES = {
    1: "We are sorry. Our support team has written to you to look at your account together.",
    2: "Thank you for the honest review. Version 4.3 makes the first sync much faster; please give it a try.",
    3: "Thanks! Selective sync for shared folders is on our roadmap.",
}


def seed_reviews(report: SeedReport) -> None:
    """Reviews through the real services, so the ratings add up like everywhere else."""
    import random

    from community.demo import DEMO_DOMAIN
    from community.models import User
    from reviews import services
    from reviews.models import Review

    if Review.objects.exists():
        return
    members = list(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_staff=False).order_by("pk"))
    team = User.objects.filter(is_superuser=True).order_by("pk").first()
    chance = random.Random(7)  # noqa: S311 (demo data, not security)
    made = 0
    for slug, (count, weights) in DISTRIBUTIONS.items():
        product = ProductPage.objects.filter(slug=slug).first()
        if product is None:
            continue
        reviewers = chance.sample(members, min(count, len(members)))
        for reviewer in reviewers:
            if chance.random() < 0.6:
                services.record_ownership(reviewer, product)
            stars = chance.choices([1, 2, 3, 4, 5], weights)[0]
            review = services.submit_review(
                reviewer,
                product,
                rating=stars,
                title=chance.choice(TITLES[stars]),
                body=BODIES[stars] if chance.random() < 0.8 else "",
                pros="\n".join(chance.sample(PROS, chance.randint(0, 2))),
                cons="\n".join(chance.sample(CONS, chance.randint(0, 2))),
            ).review
            for helper in chance.sample(members, chance.choice([0, 0, 1, 2, 5, 9])):
                if helper.pk != reviewer.pk:
                    services.mark_helpful(helper, review)
            if team and stars in REPLIES and chance.random() < 0.8:
                services.reply_to_review(team, review, REPLIES[stars])
            made += 1
    report.count("reviews", made)


def reset_reviews() -> None:
    from reviews.models import ProductOwnership, Review

    Review.objects.all().delete()
    ProductOwnership.objects.all().delete()
