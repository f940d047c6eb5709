"""What members do on an idea: vote, follow, comment. HTTP only; the services decide."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from community.errors import InvalidInput, ServiceError, add_service_errors
from community.moderation.services import visible_to
from community.ratelimits import over_write_limit, too_many_requests
from ideas import mentions, services
from ideas.forms import CommentEditForm, CommentForm, VoteForm
from ideas.models import Comment, Idea, Vote
from ideas.queries import idea_for_viewer, reactions_of
from ideas.views.access import back, get_idea, sign_in_first
from ideas.views.detail import detail_context


def _guard(request, page, idea: Idea):
    """Common checks for every action; returns a response when the request stops here."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return sign_in_first(request, page.idea_url(idea, request))
    if over_write_limit(request, "ideas-write"):
        return too_many_requests(request)
    return None


def vote(request, page, pk: int):
    idea = get_idea(request, pk)
    if stop := _guard(request, page, idea):
        return stop
    error, done = None, ""
    form = VoteForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(**form.errors)
        importance = form.cleaned_data["importance"]
        if request.POST.get("action") == "withdraw":
            services.withdraw_vote(request.user, idea)
            done = _("Your vote is withdrawn.")
        else:
            result = services.cast_vote(request.user, idea, importance)
            if importance is not None:
                done = _("Saved: “%(importance)s” to you.") % {"importance": Vote.Importance(importance).label}
            elif result.changed:
                done = _("Your vote counts. You will hear what becomes of this idea.")
    except ServiceError as problem:
        error = problem.message
    if request.htmx:
        context = {
            "page": page,
            "idea": idea_for_viewer(idea.pk, request.user),
            "vote_error": error,
            "vote_done": done,
            "picker": bool(request.POST.get("picker")),
            "importance_choices": Vote.Importance.choices,
        }
        return TemplateResponse(request, "ideas/includes/vote_button.html", context)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return back(request, page.idea_url(idea, request))


def follow(request, page, pk: int):
    idea = get_idea(request, pk)
    if stop := _guard(request, page, idea):
        return stop
    if request.POST.get("action") == "unfollow":
        services.unfollow_idea(request.user, idea)
        messages.success(request, _("You no longer follow this idea."))
    else:
        services.follow_idea(request.user, idea)
        messages.success(request, _("You follow this idea: we will tell you when it changes."))
    return back(request, page.idea_url(idea, request))


def comment(request, page, pk: int):
    idea = get_idea(request, pk)
    if stop := _guard(request, page, idea):
        return stop
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        parent = (
            Comment.objects.filter(pk=form.cleaned_data["parent"], idea=idea).first()
            if form.cleaned_data["parent"]
            else None
        )
        try:
            services.add_comment(
                request.user,
                idea,
                form.cleaned_data["body"],
                parent=parent,
                official=form.cleaned_data["official"],
                pictures=form.uploads(),
            )
        except ServiceError as problem:
            add_service_errors(form, problem)
        else:
            messages.success(request, _("Your comment is posted."))
            return back(request, page.idea_url(idea, request) + "#comments")
    fresh = idea_for_viewer(idea.pk, request.user)
    context = detail_context(request, page, fresh, comment_form=form)
    return TemplateResponse(request, "ideas/idea_detail.html", context, status=422)


def accept(request, page, pk: int, comment_pk: int):
    """The idea's author (or staff) marks or unmarks the comment that answered it."""
    idea = get_idea(request, pk)
    if stop := _guard(request, page, idea):
        return stop
    comment = Comment.objects.filter(pk=comment_pk, idea=idea).select_related("idea").first()
    if comment is None:
        raise Http404
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_answer(request.user, comment)
        else:
            services.accept_answer(request.user, comment)
            messages.success(request, _("Marked as the answer."))
    except ServiceError as problem:
        messages.error(request, problem.message)
    return back(request, page.idea_url(idea, request) + f"#comment-{comment.pk}")


def _comment(idea: Idea, comment_pk: int, member) -> Comment:
    """A comment of this idea that the member may see (moderation.visible_to), else 404."""
    comment = visible_to(Comment.objects.filter(pk=comment_pk, idea=idea), member).select_related("idea").first()
    if comment is None:
        raise Http404
    return comment


def edit_comment(request, page, pk: int, comment_pk: int):
    """The author corrects their comment within its window; errors show beside the text."""
    idea = get_idea(request, pk)
    if stop := _guard(request, page, idea):
        return stop
    comment = _comment(idea, comment_pk, request.user)
    form = CommentEditForm(request.POST)
    if form.is_valid():
        try:
            services.edit_comment(request.user, comment, form.cleaned_data["body"])
        except ServiceError as problem:
            add_service_errors(form, problem)
        else:
            messages.success(request, _("Your comment is updated."))
            return back(request, page.idea_url(idea, request) + f"#comment-{comment.pk}")
    fresh = idea_for_viewer(idea.pk, request.user)
    context = detail_context(request, page, fresh, edit_form=(comment.pk, form))
    return TemplateResponse(request, "ideas/idea_detail.html", context, status=422)


def react(request, page, pk: int, comment_pk: int):
    """Gives or takes back a reaction; HTMX gets the comment's reactions back."""
    idea = get_idea(request, pk)
    if stop := _guard(request, page, idea):
        return stop
    comment = _comment(idea, comment_pk, request.user)
    error = None
    try:
        services.react(request.user, comment, request.POST.get("kind", ""))
    except ServiceError as problem:
        error = " ".join(problem.texts())
    if request.htmx:
        context = {"page": page, "idea": idea, "comment": comment, "reaction_error": error}
        context["reactions"] = reactions_of([comment.pk], request.user)[comment.pk]
        return TemplateResponse(request, "ideas/includes/reactions.html", context, status=422 if error else 200)
    if error:
        messages.error(request, error)
    return back(request, page.idea_url(idea, request) + f"#comment-{comment.pk}")


def mentionable(request, page, pk: int):
    """GET ?q=: the people the member may name with "@" in a comment here, as JSON."""
    idea = get_idea(request, pk)
    if not request.user.is_authenticated:
        return JsonResponse({"people": []}, status=403)
    return JsonResponse({"people": mentions.suggestions(idea, request.GET.get("q", ""), request.user)})
