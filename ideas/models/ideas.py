"""Ideas and what members do with them: vote, comment; and what staff do: change status."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from community.markdown import RenderedMarkdownField
from community.models import Moderated, ModerationState

# RICE prioritisation (Intercom's scale): impact from minimal to massive, confidence in per cent.
RICE_IMPACT = [
    (Decimal("0.25"), _("0.25 – minimal")),
    (Decimal("0.50"), _("0.5 – low")),
    (Decimal("1.00"), _("1 – medium")),
    (Decimal("2.00"), _("2 – high")),
    (Decimal("3.00"), _("3 – massive")),
]
RICE_CONFIDENCE = [(100, _("100 % – high")), (80, _("80 % – medium")), (50, _("50 % – low"))]


class IdeaTag(models.Model):
    """A topic staff offer for ideas; members choose from these."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("idea tag")
        verbose_name_plural = _("idea tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def idea_slug(title: str) -> str:
    """The words in an idea's address after its number."""
    return slugify(title)[:60] or "idea"


class Idea(Moderated):
    TITLE_MAX = 140
    BODY_MAX = 10_000

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("description"), max_length=BODY_MAX, blank=True, help_text=_("Markdown"))
    body_html = RenderedMarkdownField(source="body")
    excerpt = RenderedMarkdownField(source="body", kind="first_line")  # the card's opening words
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas")
    product = models.ForeignKey(
        "reviews.ProductPage",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    tags = models.ManyToManyField(IdeaTag, verbose_name=_("tags"), blank=True, related_name="ideas")
    status = models.ForeignKey("ideas.Status", verbose_name=_("status"), on_delete=models.PROTECT, related_name="ideas")
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_ideas",
    )
    # Kept by the services in the same transaction as the change they count.
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    follower_count = models.PositiveIntegerField(_("followers"), default=0)
    trend_score = models.FloatField(_("trend"), default=0)
    # Votes weighed by segment and by (capped) customer value: recomputed from the votes
    # by ideas.demand.refresh with every vote, and whenever weights or customer data change.
    weighted_demand = models.DecimalField(_("weighted demand"), max_digits=14, decimal_places=2, default=0)
    value_demand = models.DecimalField(_("value demand"), max_digits=20, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    # Triage: set by product managers through triage.services, never shown to members
    # except the external reference ("tracked").
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_ideas",
        help_text=_("The product manager responsible for the decision."),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas_to_evaluate",
        help_text=_("The staff member asked to assess it."),
    )
    reach = models.PositiveIntegerField(
        _("reach"), null=True, blank=True, help_text=_("Customers affected per quarter.")
    )
    impact = models.DecimalField(
        _("impact"), max_digits=4, decimal_places=2, null=True, blank=True, choices=RICE_IMPACT
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True, choices=RICE_CONFIDENCE, help_text=_("How sure the estimates are.")
    )
    effort = models.DecimalField(
        _("effort"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Person-months."),
    )
    # reach × impact × confidence ÷ effort, kept by triage.services.set_priority; empty until all four are set.
    rice_score = models.FloatField(_("RICE score"), null=True, blank=True, editable=False)
    external_url = models.URLField(
        _("tracked at"),
        max_length=500,
        blank=True,
        help_text=_("The ticket in the product team's tool. Shown publicly as “tracked”."),
    )

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-vote_count", "-id"], name="ideas_top"),
            models.Index(fields=["-trend_score", "-id"], name="ideas_trending"),
            models.Index(fields=["-last_activity_at", "-id"], name="ideas_recent_activity"),
            models.Index(fields=["status", "-vote_count"], name="ideas_status_top"),
            models.Index(fields=["-rice_score", "-id"], name="ideas_rice"),
            models.Index(fields=["-weighted_demand", "-id"], name="ideas_weighted_demand"),
            models.Index(fields=["-value_demand", "-id"], name="ideas_value_demand"),
        ]
        permissions = [("triage_ideas", _("Can triage ideas: demand, priorities, owners, export"))]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        return idea_slug(self.title)

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    EDIT_WINDOW = timedelta(minutes=30)

    def can_be_edited_by(self, member) -> bool:
        """Authors edit while the idea is open, and only in the first half hour or until
        someone else votes: nobody's vote should end up on words they did not vote for."""
        if not member.is_authenticated or member.pk != self.author_id or self.is_merged:
            return False
        if not self.status.rules.author_may_edit:
            return False
        others_voted = self.votes.exclude(member=member).exists()
        return not others_voted or timezone.now() - self.created_at < self.EDIT_WINDOW


class Vote(models.Model):
    class Importance(models.IntegerChoices):
        NICE_TO_HAVE = 1, _("Nice to have")
        IMPORTANT = 2, _("Important")
        CRITICAL = 3, _("Critical")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idea_votes")
    importance = models.PositiveSmallIntegerField(_("importance"), choices=Importance.choices, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["idea", "member"], name="ideas_one_vote_per_member")]

    def __str__(self) -> str:
        return f"{self.member} → {self.idea_id}"


class Comment(Moderated):
    BODY_MAX = 5_000

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idea_comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text=_("One level of replies."),
    )
    body = models.TextField(_("comment"), max_length=BODY_MAX, help_text=_("Markdown"))
    body_html = RenderedMarkdownField(source="body")
    # Members named with @ in the text (ideas.mentions): linked when shown, told once.
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentions"), blank=True, related_name="mentioned_in_comments"
    )
    is_official = models.BooleanField(_("official answer"), default=False)
    # The idea's author (or staff) marks the comment that answered the question.
    is_accepted = models.BooleanField(_("accepted answer"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        permissions = [("post_official_comment", _("Can answer ideas officially"))]
        constraints = [
            models.UniqueConstraint(
                fields=["idea"], condition=models.Q(is_accepted=True), name="ideas_one_accepted_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"

    EDIT_WINDOW = timedelta(minutes=30)

    def can_be_edited_by(self, member) -> bool:
        """Authors fix their own words for a while after posting; after that a comment
        stays as others read and answered it. Moderators edit through moderation."""
        return (
            member.is_authenticated
            and member.pk == self.author_id
            and self.moderation_state in (ModerationState.PUBLISHED, ModerationState.PENDING)
            and timezone.now() - self.created_at < self.EDIT_WINDOW
        )


class CommentReaction(models.Model):
    """A member's quick answer to a comment: each kind once per member, counted from the rows."""

    class Kind(models.TextChoices):
        AGREE = "agree", _("Agree")
        LOVE = "love", _("Love it")
        HOORAY = "hooray", _("Hooray")
        THINKING = "thinking", _("Not sure")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comment_reactions")
    kind = models.CharField(_("reaction"), max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["comment", "member", "kind"], name="ideas_one_reaction_of_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.comment_id}"


class StatusChange(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.ForeignKey(
        "ideas.Status", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_status = models.ForeignKey("ideas.Status", on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    message = models.TextField(_("public message"), max_length=5_000, blank=True, help_text=_("Markdown"))
    message_html = RenderedMarkdownField(source="message")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        permissions = [
            ("change_idea_status", _("Can change the status of ideas")),
            ("merge_ideas", _("Can merge ideas")),
        ]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status_id} → {self.to_status_id}"
