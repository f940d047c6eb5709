"""Site-wide branding that editors change in the Wagtail admin, per site."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class BrandingSettings(BaseSiteSetting):
    community_name = models.CharField(
        _("community name"),
        max_length=80,
        blank=True,
        help_text=_("Shown in the header and page titles. Leave empty to use the site name."),
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)

    panels = [FieldPanel("community_name"), FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("branding")
