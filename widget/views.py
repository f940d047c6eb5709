"""The widget: /widget.js for the company's pages, and the small Tandem in its frame.

Every frame page is served only to a site a connected app lists (frame-ancestors names
that one origin, the page says where it may post its messages), in the widget's own
partitioned session (widget.sessions). Writes go through the same services as the site's.
"""

from __future__ import annotations

import json
from functools import cache, wraps
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import authenticate, login, logout
from django.contrib.staticfiles import finders
from django.core import signing
from django.core.cache import cache as shared_cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.errors import ServiceError
from community.identity import services as identity
from community.identity.tokens import TokenRefused
from community.ratelimits import over_sign_in_limit, over_write_limit, too_many_requests
from ideas import services as ideas
from ideas.models import Idea, IdeaBoardPage, Vote
from ideas.queries import changelog_entries, roadmap_columns, similar_ideas, visible_idea
from widget import origins

VERSION = "1"
CONTINUE_SECONDS = 600
CONTINUE_SALT = "tandem.widget.continue"


@cache
def _script() -> bytes:
    path = finders.find("widget/tandem.js")
    with open(str(path), "rb") as file:
        return file.read()


def script(request: HttpRequest) -> HttpResponse:
    """The script the company's pages load (a few KB, no framework, nothing from elsewhere)."""
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Tandem-Widget-Version"] = VERSION
    return response


def framed(view):
    """A frame page: only for a listed origin, in that origin's frame, never cached."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        origin = origins.checked(request.GET.get("origin", "") or request.POST.get("origin", ""))
        if origin is None:
            response = render(request, "widget/refused.html", status=403)
            response._csp_replace = {"frame-ancestors": ["'none'"]}  # type: ignore[attr-defined]
            return response
        request.widget_origin = origin
        language = request.GET.get("lang", "")
        if request.user.is_authenticated:
            language = request.user.language
        with translation.override(language if language in ("en", "de") else translation.get_language()):
            response = view(request, *args, **kwargs)
        response._csp_replace = {"frame-ancestors": [origin]}
        response.xframe_options_exempt = True
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


def _query(request, **more) -> str:
    return urlencode({"origin": request.widget_origin, **more})


def _context(request, tab: str, **more) -> dict:
    context = {"tab": tab, "query": _query(request), "origin": request.widget_origin, **more}
    if request.user.is_authenticated:
        context["continue_url"] = continue_link(request.user.pk)
    return context


def _back(request, name: str, **more) -> HttpResponse:
    return redirect(f"{reverse(name)}?{_query(request, **more)}")


@framed
def share(request: HttpRequest) -> HttpResponse:
    """Share an idea: the similar ideas appear as the title is typed, to vote for instead."""
    form = {"title": "", "body": ""}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST" and request.user.is_authenticated:
        if over_write_limit(request, "ideas-write"):
            return too_many_requests(request)
        form = {"title": request.POST.get("title", "")[:200], "body": request.POST.get("body", "")[:5000]}
        try:
            idea = ideas.submit_idea(request.user, title=form["title"], body=form["body"])
        except ServiceError as error:
            errors = {name: [str(text) for text in texts] for name, texts in error.details.items()} or {
                "form": [str(error.message)]
            }
            status = 422
        else:
            return _back(request, "widget_mine", created=idea.pk)
    return render(request, "widget/share.html", _context(request, "share", form=form, errors=errors), status=status)


@framed
def similar(request: HttpRequest) -> HttpResponse:
    title = request.GET.get("title", "")[:140]
    found = similar_ideas(title) if len(title.strip()) >= 4 else []
    voted = set(Vote.objects.filter(member=request.user.pk, idea__in=found).values_list("idea_id", flat=True))
    return render(request, "widget/includes/similar.html", _context(request, "share", similar=found, voted=voted))


@framed
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _back(request, "widget_share")
    if over_write_limit(request, "ideas-write"):
        return too_many_requests(request)
    idea = visible_idea(pk, request.user, Idea.objects.select_related("status"))
    if idea is None:
        return render(request, "widget/refused.html", status=404)
    try:
        if request.POST.get("vote") == "withdraw":
            ideas.withdraw_vote(request.user, idea)
        else:
            ideas.cast_vote(request.user, idea)
    except ServiceError as error:
        request.session["widget_notice"] = str(error.message)
    back = request.POST.get("back", "widget_mine")
    return _back(request, back if back in ("widget_mine", "widget_news") else "widget_mine", voted=idea.pk)


@framed
def mine(request: HttpRequest) -> HttpResponse:
    """The customer's ideas and votes, with where each stands now."""
    posted, voted = [], []
    if request.user.is_authenticated:
        posted = list(
            Idea.objects.published().filter(author=request.user).select_related("status").order_by("-created_at")[:20]
        )
        voted = list(
            Idea.objects.published()
            .filter(votes__member=request.user)
            .exclude(author=request.user)
            .select_related("status")
            .order_by("-votes__created_at")[:20]
        )
    created = request.GET.get("created", "")
    created_idea = next((idea for idea in posted if str(idea.pk) == created), None)
    _with_urls(posted + voted)
    context = _context(
        request,
        "mine",
        posted=posted,
        voted=voted,
        created=created_idea,
        notice=request.session.pop("widget_notice", ""),
    )
    return render(request, "widget/mine.html", context)


@framed
def news(request: HttpRequest) -> HttpResponse:
    """What is planned and being built, and what shipped lately."""
    columns = [column for column in roadmap_columns(open_limit=5, shipped_limit=0) if column.ideas]
    shipped = list(changelog_entries()[:5])
    voted = (
        set(Vote.objects.filter(member=request.user.pk).values_list("idea_id", flat=True))
        if request.user.is_authenticated
        else set()
    )
    _with_urls([idea for column in columns for idea in column.ideas] + [change.idea for change in shipped])
    return render(request, "widget/news.html", _context(request, "news", columns=columns, shipped=shipped, voted=voted))


def _with_urls(ideas_: list[Idea]) -> None:
    url = IdeaBoardPage.idea_urls_outside()
    for idea in ideas_:
        idea.widget_url = url(idea)  # type: ignore[attr-defined]


@framed
@require_POST
def session(request: HttpRequest) -> HttpResponse:
    """The company's token, posted by the frame, becomes the widget's signed-in session."""
    if over_sign_in_limit(request):
        return JsonResponse({"code": "rate_limited", "detail": _("Too many sign-ins: wait a minute.")}, status=429)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        payload = {}
    token = payload.get("token") if isinstance(payload, dict) else None
    try:
        found = identity.identify(token if isinstance(token, str) else "")
    except TokenRefused as refused:
        return JsonResponse({"code": refused.code, "detail": str(refused.message)}, status=refused.status)
    login(request, found.member, backend=identity.BACKEND)
    return JsonResponse({"signed_in": True, "name": found.member.public_name})


@framed
@require_POST
def sign_in(request: HttpRequest) -> HttpResponse:
    """Without a token from the company's app, a member signs in here with their
    community password (counted by the same lockout as the site's sign-in). Accounts with
    a second factor, and team accounts, sign in on the full site instead."""
    if over_sign_in_limit(request):
        return too_many_requests(request)
    email = request.POST.get("email", "").strip()[:254]
    member = authenticate(request, email=email, password=request.POST.get("password", "")[:4096])
    problem = ""
    if member is None:
        problem = _("The email address or the password is not right.")
    elif member.is_staff or is_mfa_enabled(member):
        problem = _("This account signs in on the full community, with its second factor.")
    if problem:
        context = _context(request, "share", form={"title": "", "body": ""}, errors={}, sign_in_error=problem)
        return render(request, "widget/share.html", {**context, "email": email}, status=422)
    login(request, member, backend=identity.BACKEND)
    return _back(request, "widget_share")


@framed
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return _back(request, "widget_share")


def continue_link(member_id: int) -> str:
    """A one-time address, valid for ten minutes, that signs the widget's member in on the
    full site: the frame's session cannot cross into the site's own."""
    token = signing.dumps({"member": member_id, "nonce": get_random_string(16)}, salt=CONTINUE_SALT)
    return reverse("widget_continue", args=[token])


def continue_to_site(request: HttpRequest, token: str) -> HttpResponse:
    from community.models import User

    try:
        data = signing.loads(token, salt=CONTINUE_SALT, max_age=CONTINUE_SECONDS)
    except signing.BadSignature:
        return redirect("account_login")
    if not shared_cache.add(f"widget:continue:{data['nonce']}", 1, CONTINUE_SECONDS):
        return redirect("account_login")  # used already
    member = get_object_or_404(User, pk=data["member"], is_active=True, deleted_at__isnull=True)
    if member.is_staff:
        return redirect("account_login")
    login(request, member, backend=identity.BACKEND)
    response = redirect("/")
    response["Referrer-Policy"] = "no-referrer"
    return response
