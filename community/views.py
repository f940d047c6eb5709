"""The community's own pages: a member's notifications and how they want to be reached."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from community import notifications
from community.models import Notification, User
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
