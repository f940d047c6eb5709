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
