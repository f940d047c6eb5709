"""How customer value enters the demand kept on each idea."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
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


class SegmentDemand(models.Model):
    """One segment's part of an idea's demand: its members' votes and their capped
    value, moved by each vote (ideas.demand) and recomputed with the idea's figures.
    The triage desk narrowed to a segment reads these rows by index instead of grouping
    a million votes; the weighted demand is the votes times the segment's weight."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="segment_demand")
    segment = models.ForeignKey("community.Segment", on_delete=models.CASCADE, related_name="+")
    votes = models.PositiveIntegerField(default=0)
    value = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal("0"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["segment", "idea"], name="ideas_segment_demand_once")]
        indexes = [
            models.Index(fields=["segment", "-votes", "-idea"], name="ideas_segment_votes"),
            models.Index(fields=["segment", "-value", "-votes", "-idea"], name="ideas_segment_value"),
        ]

    def __str__(self) -> str:
        return f"{self.segment_id} on {self.idea_id}: {self.votes}"
