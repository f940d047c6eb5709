"""/sso/?token=…&next=…: the company's app sends its signed-in customer here and they
arrive signed in, at `next`; a refused token gets a page that says why, never a 500."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from community.identity import services
from community.identity.tokens import TokenRefused
from community.ratelimits import over_sign_in_limit, too_many_requests


def sso(request: HttpRequest) -> HttpResponse:
    if over_sign_in_limit(request):
        return too_many_requests(request)
    token = request.GET.get("token") or request.POST.get("token") or ""
    next_url = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    try:
        found = services.sign_in(request, token)
    except TokenRefused as refused:
        response = render(
            request,
            "community/identity/sso_refused.html",
            {"refused": refused, "app": refused.app, "next": next_url},
            status=refused.status,
        )
    else:
        response = redirect(next_url)
        if "language" in found.member.company_profile:  # the site speaks it from the first page
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, found.member.language, samesite="Lax")
    # The token is in this address: no other site may see it in a Referer, no cache keep it.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response
