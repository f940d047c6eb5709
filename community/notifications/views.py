"""The notification centre, the member's channel choices, and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from community.errors import ServiceError, add_service_errors
from community.models import ConsentChange, Notification
from community.notifications import channels, digests, unsubscribe
from community.notifications import services as notifications
from community.notifications.forms import ChannelsForm
from community.notifications.topics import get_topic
from community.operations.client import client_ip
from community.ratelimits import over_write_limit, too_many_requests

PAGE_SIZE = 25


@login_required
def notification_list(request):
    if request.method == "POST":
        if over_write_limit(request, "notifications"):
            return too_many_requests(request)
        notifications.mark_all_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications")
    mine = Notification.objects.filter(recipient=request.user)
    if request.GET.get("show") == "unread":
        mine = mine.filter(read_at__isnull=True)
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/notifications.html",
        {"notifications": page, "unread_only": request.GET.get("show") == "unread"},
    )


@login_required
def open_notification(request, pk: int):
    """Marks the notification read and goes where it points."""
    try:
        notification = notifications.mark_read(request.user, pk)
    except Notification.DoesNotExist as error:
        raise Http404 from error
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications")
    return redirect(target)


@login_required
def notification_settings(request):
    current = channels.channels_of(request.user)
    form = ChannelsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        if over_write_limit(request, "notifications"):
            return too_many_requests(request)
        try:
            changes = channels.set_channels(
                request.user, form.cleaned_data, source=ConsentChange.Source.SETTINGS, ip_address=client_ip(request)
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            if changes:
                messages.success(request, _("Your choices are saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("notification_settings")
    history = ConsentChange.objects.filter(member=request.user)[:50]
    context = {"form": form, "history": history, "waiting": digests.pending_for(request.user)}
    return render(request, "community/notification_settings.html", context, status=422 if form.errors else 200)


@csrf_exempt  # mail programs POST here without a session (RFC 8058); the signed link is the proof
def unsubscribe_link(request, token: str):
    """GET asks (link scanners must not unsubscribe anyone), POST does it."""
    try:
        member, topics = unsubscribe.read(token)
    except unsubscribe.InvalidLink:
        return render(request, "community/unsubscribe_invalid.html", status=400)
    labels = [get_topic(topic).label for topic in topics]
    if request.method == "POST":
        channels.stop_emails(member, topics, source=ConsentChange.Source.UNSUBSCRIBE, ip_address=client_ip(request))
        return render(request, "community/unsubscribe.html", {"done": True, "labels": labels, "member": member})
    return render(request, "community/unsubscribe.html", {"done": False, "labels": labels, "member": member})
