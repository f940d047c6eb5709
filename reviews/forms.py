"""Forms for the review pages; the services check the same rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.pictures.forms import PictureFields
from reviews.models import STARS, Review, ReviewReply


class ReviewForm(PictureFields, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(stars, _("%(stars)d of 5 stars") % {"stars": stars}) for stars in reversed(STARS)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from 1 to 5 stars."), "invalid_choice": _("Choose from 1 to 5 stars.")},
    )
    title = forms.CharField(label=_("Title"), max_length=Review.TITLE_MAX, help_text=_("Your verdict in a few words."))
    body = forms.CharField(
        label=_("Your review"),
        max_length=Review.BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What do you use it for, and how well does it work? Markdown works."),
    )
    pros = forms.CharField(
        label=_("Pros"), max_length=Review.NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cons = forms.CharField(
        label=_("Cons"), max_length=Review.NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Official reply"),
        max_length=ReviewReply.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public, under the review. The reviewer is told. Markdown works."),
    )
