"""Checks every write by a member goes through, whatever the app: who may write,
and what text is acceptable."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community.errors import InvalidInput, NotAllowed, NotVerified, Suspended


def require_member(member) -> None:
    """Signed in, active, verified and not suspended, or the write is refused with the reason."""
    if not member.is_authenticated or not member.is_active:
        raise NotAllowed()
    if member.is_suspended:
        raise Suspended(suspension_message(member))
    if not member.can_post():
        raise NotVerified()


def require_customer(member) -> None:
    """For what staff record on a customer's behalf: an account that is open and not
    suspended; the customer need not have confirmed an address (staff heard them)."""
    if not member.is_active or member.deleted_at is not None:
        raise NotAllowed(_("This customer's account is closed."))
    if member.is_suspended:
        raise Suspended(suspension_message(member))


def suspension_message(member) -> str:
    if member.suspended_until is None:
        message = _("Your account is suspended: you can read, but not write.")
    else:
        until = formats.date_format(timezone.localtime(member.suspended_until), "DATETIME_FORMAT")
        message = _("Your account is suspended until %(until)s: you can read, but not write.") % {"until": until}
    if member.suspension_reason:
        message += " " + _("Reason: %(reason)s") % {"reason": member.suspension_reason}
    return message


def clean_text(field: str, value: str, limit: int, required: bool) -> str:
    """The text stripped, or InvalidInput naming the field."""
    text = (value or "").strip()
    if "\x00" in text:
        raise InvalidInput(**{field: [_("Null characters are not allowed.")]})
    if required and not text:
        raise InvalidInput(**{field: [_("This field is required.")]})
    if len(text) > limit:
        raise InvalidInput(**{field: [_("Please keep it under %(limit)d characters.") % {"limit": limit}]})
    return text


def collect_errors(*checks) -> dict:
    """Runs each zero-argument check; returns their results, or raises one InvalidInput
    with every field's errors at once."""
    errors, results = {}, []
    for check in checks:
        try:
            results.append(check())
        except InvalidInput as error:
            errors.update(error.details)
            results.append(None)
    if errors:
        raise InvalidInput(**errors)
    return results
