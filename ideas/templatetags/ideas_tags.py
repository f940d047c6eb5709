from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from ideas import mentions

register = template.Library()


@register.simple_tag(takes_context=True)
def idea_url(context, board, idea, action: str = "") -> str:
    """The idea's page, /ideas/<id>-<slug>/, or an action on it, /ideas/<id>/<action>/."""
    request = context.get("request")
    if not action:
        return board.idea_url(idea, request)
    return f"{board.get_url(request)}{idea.pk}/{action}/"


@register.filter
def comment_html(comment) -> SafeString:
    """The comment's Markdown as safe HTML, the members it names linked to their profiles."""
    return mentions.linked(
        comment.body_html, comment.mentions.all(), lambda person: reverse("profile", args=[person.pk])
    )
