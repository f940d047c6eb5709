from django import template

from community.rules import suspension_message as _suspension_message

register = template.Library()


@register.filter
def suspension_message(member) -> str:
    """Why and until when a suspended member cannot write."""
    return _suspension_message(member)


@register.simple_tag(takes_context=True)
def report_link(context, obj) -> str:
    """A "Report" link for content someone else wrote, for signed-in members."""
    from django.urls import reverse
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    user = context.get("user")
    if not user or not user.is_authenticated or user.pk == obj.author_id:
        return ""
    url = reverse("report", kwargs={"kind": obj._meta.label_lower, "pk": obj.pk})
    return format_html('<a class="report-link" href="{}" rel="nofollow">{}</a>', url, _("Report"))
