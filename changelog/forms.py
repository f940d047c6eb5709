from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.models import ProductPage


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    product = forms.ModelChoiceField(
        label=_("About"),
        queryset=ProductPage.objects.none(),
        required=False,
        empty_label=_("Every product"),
        to_field_name="slug",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = ProductPage.objects.live().public().order_by("title")
