"""Member-facing workflows of the community layer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from community.models import User


def render_email(
    name: str, context: dict, headers: dict[str, str] | None = None, to: str | None = None
) -> EmailMultiAlternatives:
    """Builds an email from templates/emails/<name>_subject.txt, _body.txt and _body.html,
    to `to`, or to the context's member."""
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    recipient = to or context["member"].email
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def send_once(row: QuerySet, claimed: str, sent: str, send: Callable[[], None]) -> bool:
    """Sends one email at most once, even when a worker dies: the row (a queryset of
    one) is claimed in its `claimed` field with a conditional update, `send` runs, then
    the row is marked in its `sent` field. A send that fails gives the claim back for
    the retry; a claim older than EMAIL_CLAIM_SECONDS was left by a worker that died
    and may be taken again (the message keeps its Message-ID, so that mail programs
    drop the rare second copy). Returns whether this call sent it."""
    free = Q(**{f"{claimed}__isnull": True}) | Q(**{f"{claimed}__lt": stale_claims()})
    if not row.filter(free, **{f"{sent}__isnull": True}).update(**{claimed: timezone.now()}):
        return False  # sent already, or another worker has it
    try:
        send()
    except Exception:
        row.update(**{claimed: None})
        raise
    row.update(**{sent: timezone.now()})
    return True


def send_welcome_email(member_id: int, language: str = settings.LANGUAGE_CODE) -> bool:
    """Welcomes a member once their address is verified, once (send_once; the sweep
    for claims a dead worker left is resend_stalled_welcomes)."""

    def send() -> None:
        member = User.objects.get(pk=member_id)
        with translation.override(language):
            context = {"member": member, "site_url": settings.BASE_URL}
            render_email("welcome", context, {"Message-ID": message_id("welcome", member.pk)}).send()

    return send_once(User.objects.filter(pk=member_id), "welcome_email_claimed_at", "welcome_email_sent_at", send)


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
