"""What members and staff do with reviews: write, delete, mark helpful, reply.
HTTP only; reviews.services decides."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from community import follows
from community.errors import ServiceError, add_service_errors
from community.http import back, sign_in_first
from community.pictures import services as pictures
from community.ratelimits import over_write_limit, too_many_requests
from reviews import services
from reviews.forms import ReplyForm, ReviewForm
from reviews.models import Review
from reviews.queries import review_for_viewer

WRITE_GROUP = "reviews-write"


def write(request, page):
    """/products/<slug>/review/: one form to write a review, or to edit one's review."""
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    mine = Review.objects.filter(product=page, author=request.user).first()
    initial = {field: getattr(mine, field) for field in ("rating", "title", "body", "pros", "cons")} if mine else None
    existing = pictures.on(mine) if mine else []
    form = ReviewForm(request.POST or None, request.FILES or None, initial=initial, existing=existing)
    if request.method == "POST" and form.is_valid():
        if over_write_limit(request, WRITE_GROUP):
            return too_many_requests(request)
        fields = {name: form.cleaned_data[name] for name in ("rating", "title", "body", "pros", "cons")}
        try:
            result = services.submit_review(
                request.user, page, **fields, pictures=form.uploads(), remove_pictures=form.removed()
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            if result.created:
                messages.success(request, _("Thank you! Your review is posted."))
            else:
                messages.success(request, _("Your review is updated; the earlier version is kept."))
            return redirect(page.review_address(page.url, result.review.pk))
    context = {"page": page, "self": page, "form": form, "review": mine}
    return TemplateResponse(request, "reviews/review_form.html", context, status=422 if form.errors else 200)


def delete(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return sign_in_first(request, page.url)
    mine = Review.objects.filter(product=page, author=request.user).first()
    if mine is not None:
        services.delete_review(request.user, mine)
        messages.success(request, _("Your review is deleted."))
    return redirect(page.url)


def _review(request, page, pk: int) -> Review:
    review = review_for_viewer(page, pk, request.user)
    if review is None:
        raise Http404
    return review


def helpful(request, page, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    review = _review(request, page, pk)
    if not request.user.is_authenticated:
        return sign_in_first(request, f"{page.url}#review-{pk}")
    if over_write_limit(request, WRITE_GROUP):
        return too_many_requests(request)
    error = None
    try:
        if request.POST.get("action") == "withdraw":
            services.unmark_helpful(request.user, review)
        else:
            services.mark_helpful(request.user, review)
    except ServiceError as problem:
        error = problem.message
    if request.htmx:
        fresh = review_for_viewer(page, pk, request.user)
        context = {"page": page, "review": fresh, "helpful_error": error}
        return TemplateResponse(request, "reviews/includes/helpful_button.html", context)
    if error:
        messages.error(request, error)
    return back(request, f"{page.url}#review-{pk}")


def reply(request, page, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    review = _review(request, page, pk)
    if not request.user.is_authenticated:
        return sign_in_first(request, f"{page.url}#review-{pk}")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_review(request.user, review, form.cleaned_data["body"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your reply is posted under the review."))
    else:
        messages.error(request, " ".join(form.errors.get("body", [])))
    return redirect(page.review_address(page.url, pk))


def follow(request, page):
    """Follow a product: its news and its new ideas reach the member as they chose."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return sign_in_first(request, page.url)
    if over_write_limit(request, WRITE_GROUP):
        return too_many_requests(request)
    if request.POST.get("action") == "unfollow":
        follows.unfollow(request.user, page)
        messages.success(request, _("You no longer follow %(product)s.") % {"product": page.title})
    else:
        follows.follow(request.user, page)
        messages.success(
            request,
            _("You follow %(product)s: choose how you hear about it in your notification settings.")
            % {"product": page.title},
        )
    return back(request, page.url)
