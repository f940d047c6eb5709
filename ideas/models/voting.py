"""The board's voting rules that the community chooses in Settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="tick")
class VotingSettings(BaseGenericSetting):
    author_votes = models.BooleanField(
        _("an idea starts with its author's vote"),
        default=True,
        help_text=_(
            "Whoever shares an idea needs it too: their vote is counted from the start, and they can "
            "withdraw it like any other vote. Ideas posted earlier keep their votes."
        ),
    )

    panels = [FieldPanel("author_votes")]

    class Meta:
        verbose_name = _("voting")
