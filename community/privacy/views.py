"""A member's privacy page: download everything Tandem holds about them, or delete
their account after confirming it."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.errors import ServiceError, add_service_errors
from community.models import DataExport
from community.operations import retention
from community.privacy import services as privacy
from community.ratelimits import over_write_limit, too_many_requests


@login_required
def privacy_page(request):
    exports = DataExport.objects.filter(member=request.user)[:5]
    context = {"exports": exports, "now": timezone.now(), "retention": retention.statements()}
    return render(request, "community/privacy.html", context)


@login_required
@require_POST
def request_export(request):
    if over_write_limit(request, "privacy"):
        return too_many_requests(request)
    try:
        privacy.request_export(request.user)
    except ServiceError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request, _("We are preparing your download. We will tell you here and by email when it is ready.")
        )
    return redirect("privacy")


@login_required
def download(request, pk: int):
    """Only the member's own, ready, unexpired file; another member's is not found."""
    try:
        export = privacy.downloadable(request.user, pk)
    except DataExport.DoesNotExist as error:
        raise Http404 from error
    filename = f"tandem-data-{export.ready_at:%Y-%m-%d}.json"
    storage = export.file.storage
    if getattr(storage, "querystring_auth", False):
        # Object storage: a link signed for EXPORT_LINK_SECONDS, made after the checks
        # above, so that the web node need not hold the file the worker wrote.
        link = storage.url(
            export.file.name,
            parameters={
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
                "ResponseContentType": "application/json",
            },
            expire=settings.EXPORT_LINK_SECONDS,
        )
        response = redirect(link)
        response["Cache-Control"] = "private, no-store"
        return response
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = "application/json"
    response["Cache-Control"] = "private, no-store"
    return response


class DeleteAccountForm(forms.Form):
    confirm_email = forms.CharField(
        label=gettext_lazy("Type your email address to confirm"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    remove_content = forms.BooleanField(
        label=gettext_lazy("Also remove my ideas, comments and reviews"),
        required=False,
        help_text=gettext_lazy("Otherwise they stay, shown as written by a “former member”."),
    )


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_write_limit(request, "privacy"):
            return too_many_requests(request)
        try:
            privacy.delete_account(
                request.user,
                by=request.user,
                confirm_email=form.cleaned_data["confirm_email"],
                remove_content=form.cleaned_data["remove_content"],
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for the time you spent with us."))
            return redirect("/")
    return render(request, "community/delete_account.html", {"form": form}, status=422 if form.errors else 200)
