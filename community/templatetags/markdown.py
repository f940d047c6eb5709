from django import template

from community.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ comment.body|markdown }}: member Markdown, sanitised."""
    return render_markdown(text)
