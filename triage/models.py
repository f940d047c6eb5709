"""What product managers keep beside an idea: private notes and saved answers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class StaffNote(models.Model):
    """A private note on an idea, with replies one level deep; members never see these."""

    BODY_MAX = 5_000

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("note"), max_length=BODY_MAX, help_text=_("Markdown. Only staff read it."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "ideas_staffnote"  # made by the ideas app, before triage had its own
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
        db_table = "ideas_answertemplate"  # made by the ideas app, before triage had its own
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def text(self, language: str | None = None) -> str:
        return self.body_de if (language or get_language()) == "de" else self.body


from triage.trackers.models import (  # noqa: E402  (the trackers' models, registered with this app)
    IssueLink,
    TrackerChange,
    TrackerConnection,
    TrackerDelivery,
    TrackerRequest,
)

__all__ = [
    "AnswerTemplate",
    "IssueLink",
    "StaffNote",
    "TrackerChange",
    "TrackerConnection",
    "TrackerDelivery",
    "TrackerRequest",
]
