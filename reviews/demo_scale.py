"""Generated reviews in bulk, for benchmarks: `seed_demo --reviews N`.

A member reviews a product once, so N reviews need enough products: generated
product pages are added until the members can write them all. Rows are inserted in
batches, bypassing the services on purpose; the product ratings, helpful counts and
reputation are then computed from the rows, and checked against them.
"""

import random
from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.demo import DEMO_DOMAIN, ProgressFactory, Scale, refresh_statistics
from community.models import User
from community.profiles import reputation
from community.site import SeedReport, publish
from reviews import counters
from reviews.demo import BODIES, CONS, PROS, REPLIES, TITLES
from reviews.models import ProductIndexPage, ProductOwnership, ProductPage, Review, ReviewHelpfulVote, ReviewReply
from reviews.reputation import REVIEW_HELPFUL

BATCH = 5_000
HISTORY = timedelta(days=730)
PRODUCT_NAMES = [
    "Backup", "Vault", "Share", "Notes", "Scan", "Photos", "Teams", "Admin console", "Connect",
    "Archive", "Forms", "Sign", "Calendar", "Mail", "Tasks", "Whiteboard",
]  # fmt: skip
# Each generated product's star mix: some loved, some not.
MIXES = [[5, 5, 10, 30, 50], [10, 10, 20, 32, 28], [10, 15, 30, 30, 15], [25, 20, 20, 20, 15]]
HELPERS = [0, 0, 0, 1, 1, 2, 3, 5]  # how many others find a review helpful


class RatingDrift(RuntimeError):
    """A bug in the generator: what it wrote does not add up."""


def scale_reviews(scale: Scale, report: SeedReport, progress: ProgressFactory) -> None:
    """seed_demo --reviews N, checked: ratings and helpful counts must match their rows."""
    if scale.reviews <= 0:
        return
    chance = random.Random(2027)  # noqa: S311 (demo data, not security)
    members = list(
        User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}", is_staff=False, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not members:
        raise ValueError("There are no demo members to write reviews: seed the demo first.")
    products = _products_for(scale.reviews, members, report)
    before = Review.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    written = _insert_reviews(chance, products, members, scale.reviews, progress)
    generated = Review.objects.filter(pk__gt=before)
    refresh_statistics()  # the counts below are planned for the rows just inserted
    helpful = _insert_helpful(chance, generated, members, progress)
    replies = _insert_replies(chance, generated)
    counters.recount_ratings()
    wrong = counters.rating_drift() + helpful_drift(generated)
    if wrong:
        raise RatingDrift(f"{len(wrong)} figures disagree with their rows, e.g. {wrong[:3]}")
    report.count("reviews", written)
    report.count("helpful marks", helpful)
    report.count("replies", replies)


def _room(product: int, members: int) -> int:
    """How many more members can review this product."""
    return members - Review.objects.filter(product_id=product).count()


def _products_for(reviews: int, members: list[int], report: SeedReport) -> list[tuple[int, int]]:
    """(product id, reviews it gets): the live products first, new ones while members run out."""
    products = [(pk, _room(pk, len(members))) for pk in ProductPage.objects.live().values_list("pk", flat=True)]
    # Spread like real catalogues: the first products get most reviews, at most 80 % of members each.
    share = max(1, int(len(members) * 0.8))
    index = ProductIndexPage.objects.live().first()
    while sum(min(room, share) for _, room in products) < reviews:
        if index is None:
            raise ValueError("There is no product index to add products to: seed the demo first.")
        number = len(products) + 1
        name = PRODUCT_NAMES[number % len(PRODUCT_NAMES)]
        page = publish(
            index,
            ProductPage(
                title=f"{name} {number}",
                slug=f"generated-{number}",
                summary=f"{name}: one of the generated products for benchmarks.",
                category="Generated",
            ),
        )
        report.pages_created += 1
        products.append((page.pk, len(members)))
    plan, left = [], reviews
    for pk, room in products:
        take = min(room, share, left)
        plan.append((pk, take))
        left -= take
    return [(pk, take) for pk, take in plan if take]


def _insert_reviews(
    chance: random.Random, products: list[tuple[int, int]], members: list[int], total: int, progress: ProgressFactory
) -> int:
    now, made = timezone.now(), 0
    bar = progress(total=total, desc="Reviews")
    for number, (product, wanted) in enumerate(products):
        mix = MIXES[number % len(MIXES)]
        taken = set(Review.objects.filter(product_id=product).values_list("author_id", flat=True))
        authors = [member for member in chance.sample(members, len(members)) if member not in taken][:wanted]
        owners = [member for member in authors if chance.random() < 0.6]
        ProductOwnership.objects.bulk_create(
            [ProductOwnership(member_id=member, product_id=product) for member in owners],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        owning = set(ProductOwnership.objects.filter(product_id=product).values_list("member_id", flat=True))
        for start in range(0, len(authors), BATCH):
            batch = []
            for author in authors[start : start + BATCH]:
                stars = chance.choices([1, 2, 3, 4, 5], mix)[0]
                batch.append(
                    Review(
                        product_id=product,
                        author_id=author,
                        rating=stars,
                        title=chance.choice(TITLES[stars]),
                        body=BODIES[stars] if chance.random() < 0.8 else "",
                        pros="\n".join(chance.sample(PROS, chance.randint(0, 2))),
                        cons="\n".join(chance.sample(CONS, chance.randint(0, 2))),
                        verified_owner=author in owning,
                        created_at=now - HISTORY * chance.random() ** 2,
                    )
                )
            Review.objects.bulk_create(batch)
            made += len(batch)
            bar.update(len(batch))
    bar.close()
    return made


def _insert_helpful(chance: random.Random, reviews: QuerySet[Review], members: list[int], progress) -> int:
    """Helpful marks by others, then each review's count and its author's reputation from them."""
    rows, made = [], 0
    pairs = list(reviews.values_list("pk", "author_id"))
    bar = progress(total=len(pairs), desc="Helpful marks")
    for review, author in pairs:
        helpers = {member for member in chance.sample(members, chance.choice(HELPERS)) if member != author}
        rows.extend(ReviewHelpfulVote(review_id=review, member_id=member) for member in helpers)
        if len(rows) >= BATCH:
            ReviewHelpfulVote.objects.bulk_create(rows)
            made += len(rows)
            rows.clear()
        bar.update()
    ReviewHelpfulVote.objects.bulk_create(rows)
    made += len(rows)
    bar.close()
    reviews.update(helpful_count=_actual_helpful())
    marks = ReviewHelpfulVote.objects.filter(review__in=reviews).values_list("review_id", "member_id", "review__author")
    reputation.award_many((author, REVIEW_HELPFUL, f"helpful:{review}:{member}") for review, member, author in marks)
    return made


def _actual_helpful() -> Coalesce:
    marks = ReviewHelpfulVote.objects.filter(review=OuterRef("pk")).order_by().values("review")
    return Coalesce(Subquery(marks.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def _insert_replies(chance: random.Random, reviews: QuerySet[Review]) -> int:
    """The team answers most critical reviews, as the hand-written demo does."""
    team = User.objects.filter(is_superuser=True).order_by("pk").first()
    if team is None:
        return 0
    critical = reviews.filter(rating__in=list(REPLIES)).exclude(
        Exists(ReviewReply.objects.filter(review=OuterRef("pk")))
    )
    rows = [
        ReviewReply(review_id=pk, author=team, body=REPLIES[rating])
        for pk, rating in critical.values_list("pk", "rating").iterator(chunk_size=BATCH)
        if chance.random() < 0.5
    ]
    ReviewReply.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def helpful_drift(reviews: QuerySet[Review]) -> list[tuple[int, str, int, int]]:
    """(review id, "helpful_count", stored, actual) for every review whose count disagrees with its marks."""
    rows = reviews.order_by().annotate(actual=_actual_helpful()).values_list("pk", "helpful_count", "actual")
    return [
        (pk, "helpful_count", stored, actual)
        for pk, stored, actual in rows.iterator(chunk_size=BATCH)
        if stored != actual
    ]
