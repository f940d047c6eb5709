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


@register.simple_tag
def avatar(member, size: int = 48) -> str:  # sizes: 32, 48, 64, 96 (CSS classes; no inline styles)
    """The member's picture, or their initials in a circle; decorative next to their name."""
    from django.utils.html import format_html

    if member.avatar:
        return format_html(
            '<img class="avatar" src="{}" alt="" width="{}" height="{}" loading="lazy">', member.avatar.url, size, size
        )
    initials = "".join(part[0] for part in member.public_name.split()[:2]).upper() or "?"
    return format_html('<span class="avatar avatar--initials avatar--{}" aria-hidden="true">{}</span>', size, initials)


@register.simple_tag
def member_link(member) -> str:
    """The member's name, linking to their profile (former members have none)."""
    from django.urls import reverse
    from django.utils.html import format_html

    if not member.is_active:
        return format_html("<span>{}</span>", member.public_name)
    return format_html('<a href="{}">{}</a>', reverse("profile", args=[member.pk]), member.public_name)
