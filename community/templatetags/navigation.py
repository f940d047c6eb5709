"""Site navigation built from the page tree, so a new page needs no template change."""

from django import template
from wagtail.models import Page, Site

from community.models.pages import StandardPage

register = template.Library()


def _root(request) -> Page | None:
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """The home page and its live children that editors put "in menus"."""
    request = context["request"]
    root = _root(request)
    items = list(root.get_children().live().public().in_menu().specific()) if root else []
    return {"root": root, "items": items, "request": request}


@register.inclusion_tag("includes/footer_menu.html", takes_context=True)
def footer_menu(context) -> dict:
    """Guidelines, privacy, about: the standard pages directly under the home page."""
    request = context["request"]
    root = _root(request)
    items = list(root.get_children().live().public().type(StandardPage)) if root else []
    return {"items": items, "request": request}


@register.filter
def is_current(page: Page, request) -> bool:
    return request.path == page.get_url(request)
