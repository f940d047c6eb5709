"""What a service refuses, said so a member understands it.

Each app's errors subclass ServiceError. Pages turn them into form errors or messages,
the API into problem+json responses with the same text; `code` lets clients tell them
apart, `status` is the HTTP status the API answers with, `details` holds field errors.
"""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    code = "error"
    status = 400
    default_message = _("This cannot be done.")

    def __init__(self, message=None, **details):
        self.message = message or self.default_message
        self.details = details
        super().__init__(str(self.message))

    def texts(self) -> list[str]:
        """Everything it says, field errors first, for a flash message."""
        return [str(text) for texts in self.details.values() for text in texts] or [str(self.message)]


class NotVerified(ServiceError):
    code = "not_verified"
    status = 403
    default_message = _("Please verify your email address first: we sent you a link when you signed up.")


class NotAllowed(ServiceError):
    code = "not_allowed"
    status = 403
    default_message = _("You are not allowed to do this.")


class Suspended(ServiceError):
    """A suspended member tried to write; the message says why and until when."""

    code = "suspended"
    status = 403
    default_message = _("Your account is suspended: you can read, but not write.")


class InvalidInput(ServiceError):
    """Field errors, by field name, like a form's."""

    code = "invalid"
    status = 422
    default_message = _("Please correct the errors below.")


def add_service_errors(form, error: ServiceError) -> None:
    """Puts what a service refused on a form: field errors by their field, the rest on top."""
    if not isinstance(error, InvalidInput):
        form.add_error(None, error.message)
        return
    for field, messages in error.details.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
