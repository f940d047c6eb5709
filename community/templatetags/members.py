from django import template

from community.rules import suspension_message as _suspension_message

register = template.Library()


@register.filter
def suspension_message(member) -> str:
    """Why and until when a suspended member cannot write."""
    return _suspension_message(member)
