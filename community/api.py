"""What every API router shares: session sign-in, and errors as problem+json.

Every error is an RFC 9457 (7807) problem document, `application/problem+json`, with a
stable `code` and, for bad input, `errors` by field, in the request's language.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PageNumberPagination
from ninja.security import SessionAuth

from community.errors import ServiceError

PROBLEM_TYPE = "urn:tandem:problem:"

# A signed-in member, by their session; csrf=True so a write needs the token, as on every page.
member_auth = SessionAuth()


# Page numbers of every list in the API stop here: 100 pages of 100 rows go a million
# rows deep, and a larger number (an offset past what the database counts in) is a 422
# that names the field, not a server error.
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


def page_field():
    """?page= of a list: 1 to MAX_PAGE."""
    return Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE}.")


class Pages(PageNumberPagination):
    """?page=1&page_size=20 (at most 100), for every list in the API."""

    class Input(Schema):
        page: int = page_field()
        page_size: int | None = Field(None, ge=1, description=f"Up to {MAX_PAGE_SIZE}; more counts as {MAX_PAGE_SIZE}.")

    def __init__(self, **kwargs):
        super().__init__(page_size=20, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        known = getattr(request, "known_count", None)
        return {
            self.items_attribute: queryset[offset : offset + page_size],
            "count": known if known is not None else self._items_count(queryset),
        }


def known_count(request, count: int) -> None:
    """The list's total, when the view has it already (kept in the cache): Pages uses it
    instead of counting again."""
    request.known_count = count


class NotFound(ServiceError):
    code = "not_found"
    status = 404


def problem(status: int, code: str, title, errors: dict | None = None, extra: dict | None = None) -> JsonResponse:
    """An error response in the problem+json format; extra adds members such as the
    id of the idea a duplicate was merged into."""
    body = {**(extra or {}), "type": PROBLEM_TYPE + code, "code": code, "title": str(title), "status": status}
    if errors:
        body["errors"] = {field: [str(message) for message in messages] for field, messages in errors.items()}
    return JsonResponse(body, status=status, content_type="application/problem+json")


def install_error_handlers(api: NinjaAPI) -> None:
    """Makes every refusal of `api` a problem document."""

    @api.exception_handler(ServiceError)
    def service_error(request, error: ServiceError):
        errors = {key: value for key, value in error.details.items() if isinstance(value, list)}
        extra = {
            key: str(value) if isinstance(value, Promise) else value
            for key, value in error.details.items()
            if not isinstance(value, list)
        }
        response = problem(error.status, error.code, error.message, errors or None, extra)
        if error.status == 429:
            response["Retry-After"] = "60"
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request, error: ValidationError):
        errors: dict[str, list[str]] = {}
        for item in error.errors:
            errors.setdefault(_field_name(item.get("loc", ())), []).append(_message(item))
        return problem(422, "invalid", _("Please correct the errors below."), errors)

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request, error):
        return problem(401, "not_signed_in", _("Please sign in first."))

    @api.exception_handler(HttpError)
    def http_error(request, error: HttpError):
        if error.status_code == 403 and "CSRF" in str(error):
            return problem(403, "csrf_failed", _("The CSRF token is missing or wrong: reload the page and try again."))
        return problem(error.status_code, "http_error", str(error))


def _field_name(loc) -> str:
    """("body", "payload", "title") → "title"; ("query", "sort") → "sort"."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts.pop(0)
    if parts and parts[0] in ("payload", "filters"):  # the view's argument, not a field
        parts.pop(0)
    return ".".join(parts) or "__all__"


def _message(item: dict) -> str:
    """The common schema errors in the member's language; the rare rest as the validator says."""
    kind, context = item.get("type", ""), item.get("ctx", {})
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Please keep it under %(limit)d characters.") % {"limit": context.get("max_length", 0)}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    if kind.startswith(("greater_than", "less_than")):
        return _("This number is out of range.")
    if kind in ("json_invalid", "model_attributes_type", "dict_type"):
        return _("The request body must be a JSON object.")
    if kind in ("string_type", "bool_type", "bool_parsing", "list_type"):
        return _("This value has the wrong type.")
    return str(item.get("msg") or _("This value is not valid."))
