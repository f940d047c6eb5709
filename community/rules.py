"""Checks every write by a member goes through, whatever the app: who may write,
and what text is acceptable."""

from django.utils.translation import gettext as _

from community.errors import InvalidInput, NotAllowed, NotVerified


def require_member(member) -> None:
    """Signed in, active and verified, or the write is refused with the reason."""
    if not member.is_authenticated or not member.is_active:
        raise NotAllowed()
    if not member.can_post():
        raise NotVerified()


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
