"""/brand.css: the brand colour and font over the design tokens of static/css/tandem.css."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from community.branding import colours, fonts
from community.models import BrandingSettings

ONE_YEAR = 365 * 24 * 3600


def stylesheet(colour: str) -> str:
    dark = colours.for_dark(colour)
    return (
        f":root {{ --color-primary: {colour}; --color-primary-strong: {colours.strong(colour)}; "
        f"--color-badge: {colour}; --color-focus: {colour}; }}\n"
        "@media (prefers-color-scheme: dark) {\n"
        f"  :root {{ --color-primary: {dark}; --color-primary-strong: {colours.lighter(dark)}; "
        f"--color-badge: {dark}; --color-focus: {dark}; }}\n"
        "}\n"
    )


def font_stylesheet(key: str) -> str:
    font = fonts.FONTS.get(key)
    if font is None or not font.faces:
        return ""
    return f"{fonts.font_face_css(font)}\n:root {{ --font-body: {font.stack}; }}\n"


@require_safe
def brand_css(request: HttpRequest) -> HttpResponse:
    """Linked with ?v=<colour and font>, so it can be kept for a year: a new choice is a new URL."""
    site = Site.find_for_request(request)
    branding = BrandingSettings.for_site(site) if site else None
    colour = branding.primary_colour if branding else ""
    body = stylesheet(colour) if colour and not colours.problems(colour) else ""
    body += font_stylesheet(branding.font) if branding else ""
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
