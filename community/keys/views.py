"""A member's access tokens (/profile/api-keys/): make one (shown once, on the answer to
the form, never again), see when each was last used, revoke it."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.errors import ServiceError, add_service_errors
from community.keys import services
from community.models import ApiKey
from community.ratelimits import over_write_limit, too_many_requests


class KeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80, help_text=gettext_lazy("What it is for."))
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("It may"), choices=[], widget=forms.CheckboxSelectMultiple, required=False
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: until you revoke it."),
    )

    def __init__(self, *args, offered=services.PERSONAL_SCOPES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(scope.value, scope.label) for scope in offered]

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        return timezone.make_aware(datetime.combine(day, time.max)) if day else None


@login_required
def keys_page(request):
    offered = services.offered_scopes(request.user, ApiKey.Kind.PERSONAL)
    form = KeyForm(request.POST or None, offered=offered, initial={"scopes": [ApiKey.Scope.READ]})
    made = None
    status = 200
    if request.method == "POST":
        if over_write_limit(request, "api-keys"):
            return too_many_requests(request)
        if form.is_valid():
            try:
                row, made = services.create_key(
                    request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    by=request.user,
                    expires_at=form.expires_at(),
                )
            except ServiceError as error:
                add_service_errors(form, error)
            else:
                form = KeyForm(offered=offered, initial={"scopes": [ApiKey.Scope.READ]})
        status = 200 if made else 422
    context = {"form": form, "made": made, "keys": ApiKey.objects.filter(owner=request.user)}
    response = render(request, "community/api_keys.html", context, status=status)
    response["Cache-Control"] = "private, no-store"  # the page may hold a key, shown once
    return response


@login_required
@require_POST
def revoke_key(request, pk: int):
    key = get_object_or_404(ApiKey, pk=pk, owner=request.user)
    services.revoke(key, request.user)
    messages.success(request, _("“%(name)s” is revoked: it no longer works.") % {"name": key.name})
    return redirect("api_keys")
