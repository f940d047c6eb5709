"""Reviews of products, the votes that find the helpful ones, and the company's replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.markdown import RenderedMarkdownField
from community.models import Moderated, ModeratedQuerySet

STARS = (1, 2, 3, 4, 5)


class ReviewQuerySet(ModeratedQuerySet):
    pass


class Review(Moderated):
    """One member's review of one product; writing again edits it (the old text is kept)."""

    TITLE_MAX = 120
    BODY_MAX = 5_000
    NOTE_MAX = 1_000

    product = models.ForeignKey(
        "reviews.ProductPage", verbose_name=_("product"), on_delete=models.CASCADE, related_name="reviews"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    rating = models.PositiveSmallIntegerField(_("rating"), help_text=_("1 to 5 stars"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("review"), max_length=BODY_MAX, blank=True, help_text=_("Markdown"))
    body_html = RenderedMarkdownField(source="body")
    pros = models.TextField(_("pros"), max_length=NOTE_MAX, blank=True)
    cons = models.TextField(_("cons"), max_length=NOTE_MAX, blank=True)
    verified_owner = models.BooleanField(
        _("verified owner"), default=False, help_text=_("The author is recorded as owning the product.")
    )
    helpful_count = models.PositiveIntegerField(_("found helpful"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "author"], name="reviews_one_per_member_and_product"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="reviews_rating_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["product", "moderation_state", "-helpful_count", "-id"], name="reviews_helpful"),
            models.Index(fields=["product", "moderation_state", "-created_at", "-id"], name="reviews_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.title}"

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class ReviewRevision(models.Model):
    """What a review said before its author edited it: history is never lost."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="revisions")
    rating = models.PositiveSmallIntegerField(_("rating"))
    title = models.CharField(_("title"), max_length=Review.TITLE_MAX)
    body = models.TextField(_("review"), blank=True)
    pros = models.TextField(_("pros"), blank=True)
    cons = models.TextField(_("cons"), blank=True)
    written_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("earlier version of a review")
        verbose_name_plural = _("earlier versions of reviews")
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.title} ({self.written_at:%Y-%m-%d})"


class ReviewHelpfulVote(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [models.UniqueConstraint(fields=["review", "member"], name="reviews_helpful_once")]

    def __str__(self) -> str:
        return f"{self.member} → {self.review_id}"


class ReviewReply(models.Model):
    """The company's public answer to a review: one per review, editable."""

    BODY_MAX = 5_000

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_replies")
    body = models.TextField(_("reply"), max_length=BODY_MAX, help_text=_("Markdown. Public, under the review."))
    body_html = RenderedMarkdownField(source="body")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reply to a review")
        verbose_name_plural = _("replies to reviews")
        permissions = [("reply_to_reviews", _("Can reply to reviews on behalf of the company"))]

    def __str__(self) -> str:
        return self.body[:60]


class ProductRating(models.Model):
    """A product's published reviews summed up: kept by the services in the same
    transaction as every change to a review (recount_ratings checks it)."""

    product = models.OneToOneField(
        "reviews.ProductPage", primary_key=True, on_delete=models.CASCADE, related_name="rating"
    )
    count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)  # sum of the stars
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product rating")
        verbose_name_plural = _("product ratings")

    def __str__(self) -> str:
        return f"{self.average or '–'} ({self.count})"

    @property
    def average(self) -> float | None:
        return round(self.total / self.count, 1) if self.count else None

    def histogram(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent) from 5 stars down to 1."""
        return [
            (stars, count, round(100 * count / self.count) if self.count else 0)
            for stars in reversed(STARS)
            for count in [getattr(self, f"stars_{stars}")]
        ]


class ProductOwnership(models.Model):
    """Staff record who owns what: reviews of owners carry the "verified owner" badge."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_products")
    product = models.ForeignKey(
        "reviews.ProductPage", verbose_name=_("product"), on_delete=models.CASCADE, related_name="owners"
    )
    since = models.DateField(_("owner since"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("product owner")
        verbose_name_plural = _("product owners")
        constraints = [models.UniqueConstraint(fields=["member", "product"], name="reviews_own_once")]

    def __str__(self) -> str:
        return f"{self.member} – {self.product}"
