"""Reporting content to the moderators."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.errors import ServiceError, add_service_errors
from community.models import Flag
from community.moderation import services as moderation
from community.ratelimits import over_write_limit, too_many_requests


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why do you report this?"), choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("Anything the moderators should know?"),
        required=False,
        max_length=Flag.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed when you choose “Something else”."),
    )


@login_required
def report(request, kind: str, pk: int):
    """/report/<app.model>/<pk>/: a member reports content to the moderators."""
    model = next((k.model for k in moderation.kinds() if k.model._meta.label_lower == kind), None)
    if model is None:
        raise Http404
    target = get_object_or_404(moderation.visible_to(model.objects.all(), request.user), pk=pk)
    url = moderation.kind_of(target).url(target)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_write_limit(request, "reports"):
            return too_many_requests(request)
        try:
            moderation.flag(request.user, target, form.cleaned_data["reason"], form.cleaned_data["note"])
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. A moderator will look at it, and we will tell you what they decided.")
            )
            return redirect(url or "/")
    status = 422 if form.errors else 200
    return render(request, "community/report.html", {"form": form, "target": target, "back_url": url}, status=status)
