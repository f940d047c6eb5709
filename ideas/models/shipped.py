"""What voters said once an idea they asked for shipped."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
