"""/shipped/<token>/: a voter answers "did this solve it?" from the link in their
message, signed in or not. GET asks (link scanners must not answer for anyone),
POST records."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from community.errors import ServiceError, add_service_errors
from community.ratelimits import over_write_limit, too_many_requests
from ideas import shipped
from ideas.models import IdeaBoardPage, ShippedFeedback


class FeedbackForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Did this solve it for you?"),
        choices=ShippedFeedback.Answer.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything to add? (optional)"),
        required=False,
        max_length=ShippedFeedback.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Only the product team reads it."),
    )


def shipped_feedback(request, token: str):
    try:
        member, idea = shipped.read(token)
    except shipped.InvalidLink:
        return render(request, "ideas/shipped_invalid.html", status=400)
    previous = ShippedFeedback.objects.filter(idea=idea, member=member).first()
    initial = {"answer": request.GET.get("answer") or (previous.answer if previous else None)}
    if previous:
        initial["comment"] = previous.comment
    form = FeedbackForm(request.POST or None, initial=initial)
    context = {"idea": idea, "form": form, "idea_url": IdeaBoardPage.idea_url_outside(idea, request), "done": False}
    if request.method == "POST" and form.is_valid():
        if over_write_limit(request, "shipped-feedback"):
            return too_many_requests(request)
        try:
            shipped.answer(member, idea, form.cleaned_data["answer"], form.cleaned_data["comment"])
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            context["done"] = True
    status = 422 if form.errors else 200
    if not context["done"] and not shipped.may_answer(member, idea):
        context["closed"] = True
    return render(request, "ideas/shipped_feedback.html", context, status=status)
