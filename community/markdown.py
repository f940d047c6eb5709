"""Markdown that members write, rendered to HTML that is safe to show anyone.

Two layers: markdown-it never passes raw HTML through and refuses javascript: links;
nh3 then keeps only an allow-list of tags, attributes and URL schemes, so even a
parser bug cannot put a script, an event handler or a javascript: URL on a page.
"""

from functools import lru_cache
from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
    "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"style"}, "th": {"style"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False}).enable(
        ["linkify", "strikethrough", "table"]
    )


def render_markdown(text: str) -> SafeString:
    """Member Markdown as sanitised HTML; headings start at h3 so they never compete with the page's."""
    html = _parser().render(text or "")
    for level in (6, 5, 4, 3, 2, 1):
        shifted = min(level + 2, 6)
        html = html.replace(f"<h{level}>", f"<h{shifted}>").replace(f"</h{level}>", f"</h{shifted}>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
        filter_style_properties={"text-align"},
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


def plain_text(text: str) -> str:
    """Member Markdown as the words a reader sees, for search indexes and snippets."""
    html = _parser().render(text or "")
    return unescape(nh3.clean(html, tags=set())).strip()
