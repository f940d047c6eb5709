"""What every API router shares: session sign-in, and errors as problem+json.

Every error is an RFC 9457 (7807) problem document, `application/problem+json`, with a
stable `code` and, for bad input, `errors` by field, in the request's language.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import OperationalError as DatabaseOperationalError
from django.http import Http404, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PageNumberPagination
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from community.errors import NotAllowed, ServiceError
from community.keys.auth import member_or_key

PROBLEM_TYPE = "urn:tandem:problem:"
API_PREFIX = "/api/"
request_logger = logging.getLogger("django.request")

# A member: by an API key with the scope the method needs (read, or write), or by their
# session, with csrf=True so that a write needs the token, as on every page.
member_auth = member_or_key()


# Page numbers of every list in the API stop here: 100 pages of 100 rows go a million
# rows deep, and a larger number (an offset past what the database counts in) is a 422
# that names the field, not a server error.
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# The largest id a row can have (PostgreSQL's bigint; SQLite's integer): a larger one in
# an address is a 422 naming it, not an overflow in the database driver.
MAX_ID = 2**63 - 1

# An object's id in an address: `def get_idea(request, idea_id: ObjectId)`.
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="A positive id.")]


def _no_null_characters(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("null_character", "Null characters are not allowed.")
    if isinstance(value, list | tuple | set):
        for item in value:
            _no_null_characters(item)
    if isinstance(value, dict):
        for key, item in value.items():
            _no_null_characters(key)
            _no_null_characters(item)
    return value


class InputSchema(Schema):
    """What every API input (body, query) is made of: no text in it may hold a null
    character, which PostgreSQL cannot store nor compare (a 422 naming the field)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nulls(cls, value: Any) -> Any:
        return _no_null_characters(value)


def page_field():
    """?page= of a list: 1 to MAX_PAGE."""
    return Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE}.")


class Pages(PageNumberPagination):
    """?page=1&page_size=20 (at most 100), for every list in the API."""

    class Input(InputSchema):
        page: int = page_field()
        page_size: int | None = Field(None, ge=1, description=f"Up to {MAX_PAGE_SIZE}; more counts as {MAX_PAGE_SIZE}.")

    def __init__(self, **kwargs):
        super().__init__(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    @classmethod
    def window(cls, pagination: Input) -> tuple[int, int]:
        """(offset, limit) of the page asked for, for a list built without @paginate."""
        limit = min(pagination.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        return (pagination.page - 1) * limit, limit


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


def status_problem(status: int, request) -> JsonResponse:
    """The problem document for an HTTP status that no service chose."""
    codes = {
        400: ("bad_request", _("The request could not be understood.")),
        404: ("not_found", _("Nothing was found at this address.")),
        405: ("method_not_allowed", _("This address does not take %(method)s.") % {"method": request.method}),
        413: ("too_large", _("The request is too large.")),
        500: ("server_error", _("Something went wrong on our side; it has been logged. Please try again later.")),
    }
    code, title = codes.get(status, ("http_error", _("The request failed.")))
    return problem(status, code, title)


# Every operation may answer one of these, as a problem document (problem()).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "An RFC 9457 problem document.",
    "properties": {
        "type": {"type": "string"},
        "code": {"type": "string", "description": "Stable: tells one refusal from another."},
        "title": {"type": "string", "description": "What went wrong, in the caller's language."},
        "status": {"type": "integer"},
        "errors": {
            "type": "object",
            "description": "For bad input: messages by field.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "code", "title", "status"],
}
PROBLEM_RESPONSES = {
    "4XX": "Refused: bad input (422, `errors` by field), not signed in (401), not allowed (403), "
    "not found (404), a conflict (409), too large (413), too often (429).",
    "503": "Briefly unavailable (a part of the site is down); nothing was changed.",
}


class Api(NinjaAPI):
    """NinjaAPI whose schema documents the problem documents every operation may send."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem_content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, description in PROBLEM_RESPONSES.items():
                    responses.setdefault(status, {"description": description, "content": problem_content})
        return schema


class ApiProblemMiddleware:
    """Under /api/, every error is a problem document: also the ones no API view made
    (an unknown address, a method an address does not take, a body over the size limit,
    a server error), in the caller's language (after LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/problem+json"):
            return response
        replaced = status_problem(response.status_code, request)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return status_problem(413, request)
        if isinstance(exception, Http404):  # an address under /api/ that nothing serves
            return status_problem(404, request)
        if isinstance(exception, PermissionDenied):
            return problem(403, NotAllowed.code, NotAllowed.default_message)
        if isinstance(exception, SuspiciousOperation):
            return status_problem(400, request)
        if isinstance(exception, DatabaseOperationalError):  # the database restarts or fails over
            request_logger.warning("Database unavailable: %s: %s", request.path, exception)
            response = problem(
                503, "database_unavailable", _("The site is briefly unavailable. Please try again in a moment.")
            )
            response["Retry-After"] = "5"
            return response
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return status_problem(500, request)


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
    if kind == "null_character":
        return _("Null characters are not allowed.")
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
