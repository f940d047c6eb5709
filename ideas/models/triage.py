"""What product managers keep beside an idea: how demand is weighed, private notes,
saved answers, and what voters said once it shipped."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="pick")
class DemandSettings(BaseGenericSetting):
    """How customer value enters value-weighted demand."""

    value_cap = models.DecimalField(
        _("most value one member brings"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal("50000"),
        validators=[MinValueValidator(0)],
        help_text=_(
            "A member's customer value counts up to this in value-weighted demand, so that one large "
            "account cannot decide alone. Empty: no cap."
        ),
    )

    panels = [FieldPanel("value_cap")]

    class Meta:
        verbose_name = _("demand")


class StaffNote(models.Model):
    """A private note on an idea, with replies one level deep; members never see these."""

    BODY_MAX = 5_000

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("note"), max_length=BODY_MAX, help_text=_("Markdown. Only staff read it."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class AnswerTemplate(models.Model):
    """A saved official answer, in both languages, for answering many ideas at once."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    body = models.TextField(_("answer"), max_length=5_000, help_text=_("Markdown."))
    body_de = models.TextField(_("answer in German"), max_length=5_000, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def text(self, language: str | None = None) -> str:
        return self.body_de if (language or get_language()) == "de" else self.body


class ShippedFeedback(models.Model):
    """A voter's answer to "did this solve it?" once the idea shipped; one per voter, changeable."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    COMMENT_MAX = 1_000

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="shipped_feedback")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shipped_feedback")
    answer = models.CharField(_("did it solve it?"), max_length=8, choices=Answer.choices)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer to “did this solve it?”")
        verbose_name_plural = _("answers to “did this solve it?”")
        constraints = [models.UniqueConstraint(fields=["idea", "member"], name="ideas_one_shipped_answer")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.answer}"
