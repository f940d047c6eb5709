"""Markdown that members write, rendered to HTML that is safe to show anyone.

Two layers: markdown-it never passes raw HTML through and refuses javascript: links;
nh3 then keeps only an allow-list of tags, attributes and URL schemes, so even a
parser bug cannot put a script, an event handler or a javascript: URL on a page.
"""

from collections.abc import Callable
from functools import lru_cache
from html import unescape

import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
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


def first_line(text: str, length: int = 160) -> str:
    """The opening words of member Markdown as plain text, for cards and link previews."""
    opening = next((line for line in plain_text(text).splitlines() if line.strip()), "")
    return Truncator(opening).chars(length)


RENDERERS: dict[str, Callable[[str], str]] = {"html": render_markdown, "first_line": first_line}


class RenderedMarkdownField(models.TextField):
    """What a Markdown field shows, kept beside it: the sanitised HTML (or a card's first
    line) is rendered when the row is written, never when it is read, because rendering
    twenty bodies cost a list request more than its SQL. Writes through save() and
    bulk_create() render it here; a queryset update() takes rendered_columns();
    `manage.py render_markdown` renders every row again after the rules above change."""

    def __init__(self, *args, source: str = "body", kind: str = "html", **kwargs):
        if kind not in RENDERERS:
            raise ValueError(f"kind must be one of {sorted(RENDERERS)}")
        self.source, self.kind = source, kind
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["kind"] = self.source, self.kind
        for key in ("editable", "blank", "default"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def render(self, text: str | None) -> str:
        return RENDERERS[self.kind](text or "")

    def pre_save(self, model_instance, add):
        value = self.render(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, mark_safe(value) if self.kind == "html" else value)  # noqa: S308
        return value

    def from_db_value(self, value, expression, connection):
        # Sanitised by render_markdown when written (pre_save, rendered_columns).
        return mark_safe(value) if self.kind == "html" and value is not None else value  # noqa: S308


def rendered_fields(model: type[models.Model]) -> list[RenderedMarkdownField]:
    return [field for field in model._meta.get_fields() if isinstance(field, RenderedMarkdownField)]


def rendered_columns(model: type[models.Model], **columns) -> dict:
    """The columns of a queryset update() with what they render beside them:
    Idea.objects.filter(...).update(**rendered_columns(Idea, body=body, title=title))."""
    for field in rendered_fields(model):
        if field.source in columns:
            columns[field.attname] = field.render(columns[field.source])
    return columns


def render_again(model: type[models.Model], batch: int = 1_000) -> int:
    """Renders the model's kept Markdown again wherever it differs from what the rules
    give now; the number of rows changed. A batch per query, so any table fits in memory."""
    fields = rendered_fields(model)
    if not fields:
        return 0
    sources = sorted({field.source for field in fields})
    changed, last = 0, None
    while True:
        rows = model._default_manager.order_by("pk").values_list("pk", *sources, *(f.attname for f in fields))
        chunk = list((rows.filter(pk__gt=last) if last is not None else rows)[:batch])
        if not chunk:
            return changed
        stale = []
        for pk, *values in chunk:
            text, kept = dict(zip(sources, values[: len(sources)], strict=True)), values[len(sources) :]
            fresh = {field.attname: field.render(text[field.source]) for field in fields}
            if list(fresh.values()) != kept:
                stale.append(model(pk=pk, **fresh))
        if stale:
            model._default_manager.bulk_update(stale, [field.attname for field in fields])
            changed += len(stale)
        last = chunk[-1][0]
