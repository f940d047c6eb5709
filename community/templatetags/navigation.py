"""Site navigation built from the page tree, so a new page needs no template change.

The links are kept in the cache until a page is published, moved or removed
(community.page_cache empties it): every page shows the menus, and building them
from the tree costs several queries.
"""

from dataclasses import dataclass

from django import template
from django.core.cache import cache
from wagtail.models import Site

from community import page_cache
from community.models.pages import StandardPage

register = template.Library()
KEPT_SECONDS = 600


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def _links(request, name: str, pages) -> tuple[Link | None, list[Link]]:
    """(home, links) of one menu, from the cache or from `pages(root)`."""
    site = Site.find_for_request(request)
    if site is None:
        return None, []
    key = f"navigation:{name}:{site.pk}:{page_cache.generation('pages')}"
    found = cache.get(key)
    if found is None:
        root = site.root_page
        found = (
            Link(root.title, root.get_url(request)),
            [Link(page.title, page.get_url(request)) for page in pages(root)],
        )
        cache.set(key, found, timeout=KEPT_SECONDS)
    return found


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """The home page and its live children that editors put "in menus"."""
    request = context["request"]
    root, items = _links(request, "main", lambda root: root.get_children().live().public().in_menu().specific())
    return {"root": root, "items": items, "request": request}


@register.inclusion_tag("includes/footer_menu.html", takes_context=True)
def footer_menu(context) -> dict:
    """Guidelines, privacy, about: the standard pages directly under the home page."""
    request = context["request"]
    _root, items = _links(request, "footer", lambda root: root.get_children().live().public().type(StandardPage))
    return {"items": items, "request": request}


@register.filter
def is_current(link: Link, request) -> bool:
    return request.path == link.url
