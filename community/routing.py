"""Routes of Wagtail pages that point at their views by name.

A routable page names each view by its dotted path instead of importing it: views
import the models, so a model that imported its views would close an import circle.
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from wagtail.models import Page

_view = cache(import_string)


def to_view(dotted_path: str) -> Callable[..., HttpResponse]:
    """A route method for RoutablePageMixin's @path that calls
    `view(request, page, *args, **kwargs)`, the view found at dotted_path."""

    def route(page: Page, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = _view(dotted_path)(request, page, *args, **kwargs)
        return response

    route.__name__ = route.__qualname__ = dotted_path.rsplit(".", 1)[1]
    route.view_path = dotted_path  # type: ignore[attr-defined]  # read by tests/community/test_routing.py
    return route
