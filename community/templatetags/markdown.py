from django import template
from django.utils.text import Truncator

from community.markdown import plain_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ comment.body|markdown }}: member Markdown, sanitised."""
    return render_markdown(text)


@register.filter
def first_line(text: str, length: int = 160) -> str:
    """{{ idea.body|first_line }}: the opening words of member Markdown as plain text,
    for cards (escaped by the template like any text)."""
    opening = next((line for line in plain_text(text).splitlines() if line.strip()), "")
    return Truncator(opening).chars(length)
