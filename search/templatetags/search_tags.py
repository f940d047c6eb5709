"""Small helpers for the search page's links and counts."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def total(counts) -> int:
    return sum(counts.values()) if counts else 0


@register.simple_tag(takes_context=True)
def querystring_with(context, name: str, value: str) -> str:
    """The current query with one facet set (and back to the first page)."""
    params = context["request"].GET.copy()
    params[name] = value
    params.pop("page", None)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def querystring_without(context, name: str) -> str:
    params = context["request"].GET.copy()
    params.pop(name, None)
    params.pop("page", None)
    return f"?{params.urlencode()}"
