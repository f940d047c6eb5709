"""Posting a new idea, and the author editing it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from community.errors import ServiceError, add_service_errors
from community.pictures import services as pictures
from community.ratelimits import over_write_limit, too_many_requests
from ideas import services
from ideas.forms import IdeaForm
from ideas.models import Idea
from ideas.views.access import get_idea


def submit(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # The search page's "post this as an idea" brings what the member searched for.
    title = request.GET.get("title", "")[: Idea.TITLE_MAX]
    form = IdeaForm(request.POST or None, request.FILES or None, initial={"title": title})
    if request.method == "POST" and form.is_valid():
        if over_write_limit(request, "ideas-write"):
            return too_many_requests(request)
        try:
            idea = services.submit_idea(request.user, **form.service_arguments())
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you! Your idea is posted."))
            return redirect(page.idea_url(idea, request))
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "ideas/idea_form.html", {"page": page, "self": page, "form": form}, status=status)


def edit(request, page, pk: int):
    idea = get_idea(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not idea.can_be_edited_by(request.user):
        raise PermissionDenied
    initial = {"title": idea.title, "body": idea.body, "product": idea.product, "tags": idea.tags.all()}
    form = IdeaForm(request.POST or None, request.FILES or None, initial=initial, existing=pictures.on(idea))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_idea(request.user, idea, **form.service_arguments(), remove_pictures=form.removed())
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(page.idea_url(idea, request))
    status = 422 if request.method == "POST" else 200
    context = {"page": page, "self": page, "form": form, "idea": idea}
    return TemplateResponse(request, "ideas/idea_form.html", context, status=status)
