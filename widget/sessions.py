"""The widget's own session, in a partitioned cookie (CHIPS).

The widget's frame lives on the company's site, so its cookies are third-party cookies,
which browsers block (Chromium by default, Safari and Firefox already). A cookie marked
Partitioned is kept per top-level site instead: the frame on app.example.com gets its own
jar, which no other site can read, and nothing tracks the customer across sites. So under
/widget/ the session lives in WIDGET_COOKIE (Secure; SameSite=None; Partitioned), apart
from the site's own session, and the CSRF cookie the frame's forms need is sent the same
way. Everywhere else Django's session middleware works as before.

Python's cookie module learns the Partitioned attribute only in 3.14; until then it is
taught here, once, the way 3.14 does it.
"""

from __future__ import annotations

import time
from http import cookies

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

if "partitioned" not in cookies.Morsel._reserved:  # type: ignore[attr-defined]
    cookies.Morsel._reserved["partitioned"] = "Partitioned"  # type: ignore[attr-defined]
    cookies.Morsel._flags.add("partitioned")  # type: ignore[attr-defined]

PREFIX = "/widget/"
WIDGET_COOKIE = "tandem_widget"


def in_widget(request) -> bool:
    return request.path.startswith(PREFIX)


def partitioned(response, name: str) -> None:
    """Makes a cookie the response sets a partitioned, cross-site one."""
    morsel = response.cookies.get(name)
    if morsel is not None:
        morsel["secure"] = True
        morsel["samesite"] = "None"
        morsel["partitioned"] = True


class PartitionedSessionMiddleware(SessionMiddleware):
    """Django's session middleware, with the widget's session under /widget/."""

    def process_request(self, request):
        if not in_widget(request):
            return super().process_request(request)
        request.session = self.SessionStore(request.COOKIES.get(WIDGET_COOKIE))

    def process_response(self, request, response):
        if not in_widget(request):
            return super().process_response(request, response)
        partitioned(response, settings.CSRF_COOKIE_NAME)
        session = getattr(request, "session", None)
        if session is None:
            return response
        if session.accessed:
            patch_vary_headers(response, ("Cookie",))
        if session.is_empty():
            if WIDGET_COOKIE in request.COOKIES:
                response.set_cookie(WIDGET_COOKIE, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT")
                partitioned(response, WIDGET_COOKIE)
            return response
        if (session.modified or settings.SESSION_SAVE_EVERY_REQUEST) and response.status_code < 500:
            session.save()
            max_age = session.get_expiry_age()
            response.set_cookie(
                WIDGET_COOKIE,
                session.session_key,
                max_age=max_age,
                expires=http_date(time.time() + max_age),
                httponly=True,
            )
            partitioned(response, WIDGET_COOKIE)
        return response
