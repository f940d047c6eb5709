"""Forms for the idea pages; the services check the same rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.pictures.forms import PictureFields
from ideas.models import Comment, Idea, IdeaTag, Vote
from reviews.models import ProductPage


class IdeaForm(PictureFields, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=Idea.TITLE_MAX,
        help_text=_("One sentence: what should change?"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Details"),
        max_length=Idea.BODY_MAX,
        required=False,
        help_text=_("What problem would it solve for you? Markdown works."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=ProductPage.objects.none(), required=False, empty_label=_("Any or none")
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=IdeaTag.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = ProductPage.objects.live().public().order_by("title")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "product": data["product"],
            "tags": [tag.slug for tag in data["tags"]],
            "pictures": self.uploads(),
        }


class CommentForm(PictureFields, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=Comment.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown works."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(label=_("Post as the official answer"), required=False)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=Comment.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown works."),
    )


class VoteForm(forms.Form):
    importance = forms.TypedChoiceField(
        label=_("How important is this to you?"),
        choices=[("", _("Not said")), *Vote.Importance.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
