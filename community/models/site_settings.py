"""Site-wide branding that editors change in the Wagtail admin, per site."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from community.branding import fonts


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
    font = models.CharField(
        _("font"),
        max_length=20,
        default="system",
        choices=fonts.choices(),
        help_text=_("Served from this site, never from a font service. Each reader's own font until you choose."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        help_text=_(
            "Buttons, links and highlights, as #rrggbb. It must carry white text at 4.5:1; "
            "the dark scheme gets a lighter shade of it. Leave empty for Tandem's blue."
        ),
    )

    panels = [
        FieldPanel("community_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("primary_colour"),
        FieldPanel("font"),
        FieldPanel("contact_email"),
    ]

    @property
    def stylesheet_version(self) -> str:
        """Part of /brand.css's address: a new colour or font is a new address."""
        return f"{self.primary_colour.lstrip('#')}-{self.font}"

    @property
    def has_stylesheet(self) -> bool:
        return bool(self.primary_colour) or self.font != "system"

    def clean(self) -> None:
        from community.branding.colours import problems

        super().clean()
        self.primary_colour = self.primary_colour.strip().lower()
        if self.primary_colour and (found := problems(self.primary_colour)):
            raise ValidationError({"primary_colour": found})

    class Meta:
        verbose_name = _("branding")
