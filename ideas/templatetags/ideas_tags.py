from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def idea_url(context, board, idea, action: str = "") -> str:
    """The idea's page, /ideas/<id>-<slug>/, or an action on it, /ideas/<id>/<action>/."""
    request = context.get("request")
    if not action:
        return board.idea_url(idea, request)
    return f"{board.get_url(request)}{idea.pk}/{action}/"
