"""HTTP helpers every app's views share: back to where the member was, or sign in first."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def back(request, fallback: str):
    """Redirects to ?next= / the form's next field when it is ours, else to fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def sign_in_first(request, next_url: str):
    """Signed-out visitors go to sign in, then back where they were (HTMX too)."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"/accounts/login/?next={next_url}"
        return response
    return redirect_to_login(next_url)
