"""One moderation state for everything members write (ideas, comments, reviews).

Public lists, counts and aggregates show published content only; the author still
sees their own hidden content with the reason; moderation never deletes anything.
"""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class ModeratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation_state=ModerationState.PUBLISHED)


class Moderated(models.Model):
    """Abstract: the moderation state of one piece of member content."""

    moderation_state = models.CharField(
        _("moderation"), max_length=12, choices=ModerationState.choices, default=ModerationState.PUBLISHED
    )
    moderation_reason = models.TextField(
        _("reason"), max_length=1_000, blank=True, help_text=_("Shown to the author when their post is held back.")
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_rule = models.CharField(
        _("held by rule"), max_length=40, blank=True, help_text=_("Which moderation rule held it back, if one did.")
    )

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED


def validate_patterns(text: str) -> None:
    """Each line must be a valid regular expression, or staff would save a rule that never works."""
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                re.compile(line.strip(), re.IGNORECASE)
            except re.error as error:
                errors.append(
                    _("Line %(number)d is not a valid pattern (%(error)s).") % {"number": number, "error": error}
                )
    if errors:
        raise ValidationError(errors)


@register_setting(icon="warning")
class ModerationPolicy(BaseGenericSetting):
    """When member content waits for a moderator. Everything else is published at once."""

    pre_moderation = models.BooleanField(
        _("hold everything"),
        default=False,
        help_text=_("Pre-moderation: every post waits for a moderator. Off: posts appear at once (post-moderation)."),
    )
    hold_first_posts = models.PositiveSmallIntegerField(
        _("hold a new member's first posts"),
        default=0,
        help_text=_("How many of a member's first posts wait for a moderator. 0: none."),
    )
    max_links = models.PositiveSmallIntegerField(
        _("most links without a hold"),
        default=3,
        help_text=_("Posts with more links than this wait for a moderator. 0: no limit."),
    )
    blocked_patterns = models.TextField(
        _("blocked words and patterns"),
        blank=True,
        validators=[validate_patterns],
        help_text=_("One per line; a word, or a regular expression such as (cheap|free) pills. Case does not matter."),
    )
    hide_after_flags = models.PositiveSmallIntegerField(
        _("hide after this many flags"),
        default=3,
        help_text=_("Content that this many members reported is hidden until a moderator decides. 0: never."),
    )
    hold_near_duplicates = models.BooleanField(
        _("hold near-duplicates"),
        default=True,
        help_text=_("Hold a post that nearly repeats one of the member's own posts of the last day."),
    )

    answer_within_hours = models.PositiveSmallIntegerField(
        _("moderators answer within (hours)"),
        default=24,
        help_text=_(
            "The promise to members. Chat destinations that want it hear when a post waits longer. 0: no promise."
        ),
    )

    panels = [
        FieldPanel("pre_moderation"),
        FieldPanel("hold_first_posts"),
        FieldPanel("max_links"),
        FieldPanel("blocked_patterns"),
        FieldPanel("hold_near_duplicates"),
        FieldPanel("hide_after_flags"),
        FieldPanel("answer_within_hours"),
    ]

    class Meta:
        verbose_name = _("moderation policy")
        permissions = [("moderate_content", _("Can moderate what members write"))]


class Flag(models.Model):
    """A member's report that some content breaks the rules: once per member and item."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Rude or abusive")
        OFF_TOPIC = "off_topic", _("Off-topic")
        PERSONAL_DATA = "personal_data", _("Personal data")
        OTHER = "other", _("Something else")

    NOTE_MAX = 500

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ModerationState.choices, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "reporter"], name="community_flag_once")
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} – {self.content_type.model} {self.object_id}"


class ModerationEdit(models.Model):
    """A moderator's edit of member content, with the words the member wrote: kept, never lost."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    original = models.JSONField(_("original text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("edited by")
    )
    reason = models.TextField(_("reason"), max_length=1_000, blank=True)
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("moderator's edit")
        verbose_name_plural = _("moderators' edits")
        ordering = ["-edited_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} ({self.edited_at:%Y-%m-%d})"
