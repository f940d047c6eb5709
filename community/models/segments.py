"""Differentiate: customers are not all alike. Staff (or the company's CRM, by import)
put each member in a segment and give them a customer value; demand is weighed by both."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Segment(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=1_000, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("How much a vote from this segment counts in weighted demand; 1 is normal."),
    )

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=models.Q(weight__gte=0), name="community_segment_weight_min")]

    def __str__(self) -> str:
        return self.name
