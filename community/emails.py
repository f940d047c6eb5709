"""Member-facing workflows of the community layer."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
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
    """Welcomes a member once their address is verified; sends it once.

    The member row is claimed with a conditional update, so a retried or duplicated
    task finds it claimed and sends nothing; it is marked sent after the send. A claim
    left by a worker that died is taken again after EMAIL_CLAIM_SECONDS
    (resend_stalled_welcomes), and the message keeps its Message-ID, so that the rare
    second copy is dropped by mail programs. Returns whether this call sent it.
    """
    free = Q(welcome_email_claimed_at__isnull=True) | Q(welcome_email_claimed_at__lt=stale_claims())
    claimed = User.objects.filter(free, pk=member_id, welcome_email_sent_at__isnull=True).update(
        welcome_email_claimed_at=timezone.now()
    )
    if not claimed:
        return False
    member = User.objects.get(pk=member_id)
    with translation.override(language):
        context = {"member": member, "site_url": settings.BASE_URL}
        try:
            render_email("welcome", context, {"Message-ID": message_id("welcome", member.pk)}).send()
        except Exception:
            # Give the claim back so that the retry sends it.
            User.objects.filter(pk=member_id).update(welcome_email_claimed_at=None)
            raise
    User.objects.filter(pk=member_id).update(welcome_email_sent_at=timezone.now())
    return True


def stale_claims() -> datetime:
    """Claims older than this were left by a worker that died mid-send."""
    return timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_SECONDS)


def message_id(kind: str, *parts: object) -> str:
    """The same for every attempt at one email, so that a receiver can drop a copy."""
    host = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"<{kind}.{'.'.join(str(part) for part in parts)}@{host}>"


def resend_stalled_welcomes() -> int:
    """Queues again the welcome emails that a dead worker left claimed. For beat."""
    from community import outbox, tasks

    stalled = User.objects.filter(welcome_email_sent_at__isnull=True, welcome_email_claimed_at__lt=stale_claims())
    members = list(stalled.values_list("pk", "language")[:500])
    for member_id, language in members:
        outbox.enqueue(tasks.send_welcome_email, member_id, language or settings.LANGUAGE_CODE)
    return len(members)
