"""Recording what a customer told the team as their own idea, vote or comment.

The customer is found by CRM id, then by email (or created from the email, when staff
ask); a customer who deleted their account is never brought back. What is recorded goes
through the same services as the customer's own writes (counts, demand, follows), is
published at once (staff heard it), and keeps where it was heard, a link to the
original and the customer's words. The customer is told, on the channel they chose, and
can withdraw a vote like any other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from community import outbox
from community.errors import InvalidInput, NotAllowed
from community.models import ApiKey, User
from community.privacy import services as privacy
from community.rules import clean_text, collect_errors, require_customer
from ideas import services
from ideas.models import Capture, Comment, Idea, Vote

PERMISSION = "ideas.capture_feedback"


def find_customers(query: str, limit: int = 10) -> QuerySet[User]:
    """Members matching an email, a CRM id or part of a name, for the admin's search."""
    text = query.strip()
    found = User.objects.filter(is_active=True, deleted_at__isnull=True)
    if not text:
        return found.none()
    return found.filter(
        Q(email__iexact=text) | Q(external_id=text) | Q(display_name__icontains=text) | Q(email__istartswith=text)
    ).order_by("display_name", "pk")[:limit]


def customer(*, email: str = "", external_id: str = "", name: str = "", create: bool = False) -> User:
    """The customer staff mean: by CRM id, else by email; new from the email if asked."""
    email, external_id = email.strip().lower(), external_id.strip()
    member = User.objects.filter(external_id=external_id).first() if external_id else None
    if member is None and email:
        member = User.objects.filter(email__iexact=email).first()
    if member is not None:
        if member.deleted_at is not None or not member.is_active:
            raise InvalidInput(customer=[_("This customer's account is closed: nothing can be recorded for them.")])
        if external_id and member.external_id and member.external_id != external_id:
            raise InvalidInput(customer=[_("This email address belongs to a customer with another CRM id.")])
        return member
    if privacy.was_erased(email=email, external_id=external_id):
        raise InvalidInput(
            customer=[_("This customer deleted their account: nothing can be recorded for them, nor a new one made.")]
        )
    if not create:
        raise InvalidInput(customer=[_("No customer has this email address or CRM id.")])
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(customer=[_("Give the customer's email address to add them.")]) from None
    return User.objects.create_user(email, external_id=external_id or None, display_name=name.strip()[:80])


def choose_customer(text: str, candidates: list[User], *, chosen: int | None, create: bool) -> User:
    """The one customer staff mean by what they typed: picked from the matches
    (find_customers), the only exact match, or found or added by customer()."""
    text = text.strip()
    if chosen:
        picked = next((member for member in candidates if member.pk == chosen), None)
        if picked is not None:
            return picked
    exact = [member for member in candidates if member.email.lower() == text.lower() or member.external_id == text]
    if len(exact) == 1:
        return exact[0]
    if candidates:
        several = len(candidates) > 1
        raise InvalidInput(
            which=[
                _("Several customers match: choose one.")
                if several
                else _("Is it this customer? Choose them to go on.")
            ]
        )
    by_email = "@" in text
    return customer(email=text if by_email else "", external_id="" if by_email else text, create=create)


def record(
    by: User,
    member: User,
    *,
    kind: str,
    source: str,
    idea: Idea | None = None,
    title: str = "",
    body: str = "",
    product=None,
    importance: int | None = None,
    link: str = "",
    quote: str = "",
    key: ApiKey | None = None,
) -> Capture:
    """Records the customer's idea, vote or comment as theirs, captured by `by`."""
    if not by.has_perm(PERMISSION):
        raise NotAllowed(_("Only staff who may record feedback for customers can do this."))
    require_customer(member)

    def check_kind() -> None:
        if kind not in Capture.Kind.values:
            raise InvalidInput(kind=[_("Choose an idea, a vote or a comment.")])
        if kind != Capture.Kind.IDEA and idea is None:
            raise InvalidInput(idea=[_("Choose the idea.")])

    def check_source() -> None:
        if source not in Capture.Source.values:
            raise InvalidInput(source=[_("Say where you heard it.")])

    def check_link() -> str:
        link_ = link.strip()
        if link_:
            try:
                URLValidator(schemes=["http", "https"])(link_)
            except ValidationError:
                raise InvalidInput(
                    link=[_("Give the address of the ticket, email or notes, or leave it empty.")]
                ) from None
            if len(link_) > 500:
                raise InvalidInput(link=[_("The link is longer than 500 characters.")])
        return link_

    _kind, _source, link, quote = collect_errors(
        check_kind, check_source, check_link, lambda: clean_text("quote", quote, 2_000, required=False)
    )
    with transaction.atomic():
        idea, comment = _write(member, kind, idea, title=title, body=body, product=product, importance=importance)
        capture = Capture.objects.create(
            customer=member, captured_by=by, api_key=key, kind=kind, idea=idea, comment=comment,
            source=source, link=link, quote=quote,
        )  # fmt: skip
        from ideas import tasks

        outbox.enqueue(tasks.announce_capture, capture.pk)
    return capture


def _write(
    member: User, kind: str, idea: Idea | None, *, title: str, body: str, product, importance: int | None
) -> tuple[Idea, Comment | None]:
    """The customer's own write, through the services their own would go through."""
    if kind == Capture.Kind.IDEA:
        return services.submit_idea(member, title=title, body=body, product=product, captured=True), None
    if idea is None:
        raise InvalidInput(idea=[_("Choose the idea.")])
    if kind == Capture.Kind.COMMENT:
        return idea, services.add_comment(member, idea, body, captured=True)
    if Vote.objects.filter(idea=idea, member=member).exists():
        raise InvalidInput(idea=[_("%(name)s already voted for this idea.") % {"name": member.public_name}])
    services.cast_vote(member, idea, importance, captured=True)
    return idea, None


def captured_votes(idea: Idea) -> QuerySet[Capture]:
    return Capture.objects.filter(idea=idea, kind=Capture.Kind.VOTE)
