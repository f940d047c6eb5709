"""Loading ideas for a request: 404 for what is not there, redirects for merged ones."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from ideas.models import Idea


def get_idea(pk: int) -> Idea:
    try:
        return Idea.objects.select_related("status", "author", "product", "merged_into").get(pk=pk)
    except Idea.DoesNotExist:
        raise Http404 from None


def back(request, fallback: str):
    """Redirects to ?next= / the form's next field when it is ours, else to fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def sign_in_first(request, next_url: str):
    """Signed-out visitors go to sign in, then back where they were."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import HttpResponse

    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"/accounts/login/?next={next_url}"
        return response
    return redirect_to_login(next_url)
