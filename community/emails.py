"""Member-facing workflows of the community layer."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from community.models import User


def render_email(name: str, context: dict, headers: dict[str, str] | None = None) -> EmailMultiAlternatives:
    """Builds an email from templates/emails/<name>_subject.txt, _body.txt and _body.html."""
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[context["member"].email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def send_welcome_email(member_id: int, language: str = settings.LANGUAGE_CODE) -> bool:
    """Welcomes a member once their address is verified; sends at most once.

    The member row is claimed with a conditional update, so a retried or duplicated
    task finds it claimed and sends nothing. Returns whether this call sent it.
    """
    claimed = User.objects.filter(pk=member_id, welcome_email_sent_at__isnull=True).update(
        welcome_email_sent_at=timezone.now()
    )
    if not claimed:
        return False
    member = User.objects.get(pk=member_id)
    with translation.override(language):
        context = {"member": member, "site_url": settings.BASE_URL}
        try:
            render_email("welcome", context).send()
        except Exception:
            # Give the claim back so that the retry sends it.
            User.objects.filter(pk=member_id).update(welcome_email_sent_at=None)
            raise
    return True
