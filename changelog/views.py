"""Subscribing to the changelog by email: the form's answer, the confirmation link and
leaving (also by the one-click header mail programs offer). HTTP only; the services decide."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from changelog import services
from changelog.forms import SubscribeForm
from community.errors import ServiceError, add_service_errors
from community.http import back
from community.operations.client import client_ip
from community.ratelimits import over_write_limit, too_many_requests


def subscribe_panel(request, page) -> str:
    """The box on the changelog page (given to ideas' CHANGELOG_PANELS)."""
    from django.template.loader import render_to_string

    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    return render_to_string("changelog/includes/subscribe.html", {"form": SubscribeForm(initial=initial)}, request)


@require_POST
def subscribe(request):
    if over_write_limit(request, "changelog-subscribe"):
        return too_many_requests(request)
    form = SubscribeForm(request.POST)
    if form.is_valid():
        try:
            subscription = services.subscribe(
                form.cleaned_data["email"],
                product=form.cleaned_data["product"],
                member=request.user,
                ip=client_ip(request),
                language=translation.get_language(),
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            if subscription.is_active and subscription.member_id == request.user.pk:
                messages.success(request, _("Done: release posts come to %(email)s.") % {"email": subscription.email})
            else:
                # The same words whether the address was new or known: nobody learns who subscribed.
                messages.success(request, _("Almost done: we sent a link to that address. Open it to confirm."))
            return back(request, "/")
    return render(request, "changelog/subscribe_refused.html", {"form": form}, status=422)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners open links, they must not subscribe anyone); POST confirms."""
    found = services.Subscription.objects.filter(token=token).first()
    if request.method == "POST" and found is not None:
        found = services.confirm(token, client_ip(request))
    status = 404 if found is None else 200
    return render(request, "changelog/confirm.html", {"subscription": found, "token": token}, status=status)


@csrf_exempt  # mail programs post the one-click unsubscribe (RFC 8058) without a form of ours
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    found = services.Subscription.objects.filter(token=token).first()
    if found is None:
        return render(request, "changelog/unsubscribe.html", {"subscription": None}, status=404)
    if request.method == "POST":
        found = services.unsubscribe(token)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=204)
    return render(request, "changelog/unsubscribe.html", {"subscription": found, "token": token})
