"""The community's own pages: a member's notifications and how they want to be reached,
and reporting content to the moderators."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from community import moderation, notifications
from community.errors import ServiceError, add_service_errors
from community.models import Flag, Notification, User
from community.ratelimits import over_write_limit, too_many_requests


@login_required
def notification_list(request):
    if request.method == "POST":
        if over_write_limit(request, "notifications"):
            return too_many_requests(request)
        if request.POST.get("action") == "read":
            notifications.mark_all_read(request.user)
            messages.success(request, _("All notifications are marked as read."))
        elif request.POST.get("action") == "email":
            notifications.set_email_updates(request.user, request.POST.get("email_updates") == "on")
            messages.success(request, _("Your email choice is saved."))
        return redirect("notifications")
    page = Paginator(Notification.objects.filter(recipient=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "community/notifications.html", {"notifications": page})


def set_language(request):
    """Django's language switch, and for members also the language their emails speak."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this?"), choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know?"),
        required=False,
        max_length=Flag.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you choose “Something else”."),
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
