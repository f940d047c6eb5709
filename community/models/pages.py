"""The site's own pages: editors write them in the Wagtail admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community.blocks import ContentStreamBlock


class HomePage(Page):
    """The community's front door: what it is for and where to start."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from community import home

        return {**super().get_context(request, *args, **kwargs), "personal_panels": home.panels_for(request)}


class StandardPage(Page):
    """A plain page: community guidelines, privacy notice, about us."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["community.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
