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
