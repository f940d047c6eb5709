"""The triage filters as a form: the board, its export and the API read them alike
(statuses, products and topics by slug; segments and staff by number)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from community.members.staff import staff_members
from community.models import Segment
from ideas.models import IdeaTag, Status
from reviews.models import ProductPage
from triage import services


def staff_field(label):
    return forms.ModelChoiceField(label=label, queryset=staff_members(), required=False)


class StaffChoices:
    """Forms with owner and evaluator fields: who is staff is read when the form is made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["evaluator"].queryset = staff_members()


class FilterForm(StaffChoices, forms.Form):
    """The board's filters; also read by the export and the API."""

    q = forms.CharField(label=gettext_lazy("Title words or number"), required=False, max_length=200)
    status = forms.ModelChoiceField(
        label=gettext_lazy("Status"),
        queryset=Status.objects.choosable(),
        required=False,
        empty_label=gettext_lazy("Any"),
        to_field_name="slug",
    )
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product"),
        queryset=ProductPage.objects.live().order_by("title"),
        required=False,
        to_field_name="slug",
    )
    tag = forms.ModelChoiceField(
        label=gettext_lazy("Topic"), queryset=IdeaTag.objects.all(), required=False, to_field_name="slug"
    )
    segment = forms.ModelChoiceField(
        label=gettext_lazy("Voters' segment"),
        queryset=Segment.objects.all(),
        required=False,
        empty_label=gettext_lazy("All voters"),
    )
    verified = forms.BooleanField(label=gettext_lazy("Verified owners' votes only"), required=False)
    age = forms.ChoiceField(
        label=gettext_lazy("Submitted"),
        required=False,
        choices=[("", gettext_lazy("Any time")), *((key, label) for key, (label, *_rest) in services.AGES.items())],
    )
    official = forms.ChoiceField(
        label=gettext_lazy("Official answer"),
        required=False,
        choices=[("", gettext_lazy("Either")), ("yes", gettext_lazy("Answered")), ("no", gettext_lazy("Not answered"))],
    )
    owner = staff_field(gettext_lazy("Owner"))
    evaluator = staff_field(gettext_lazy("Evaluator"))
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[(key, sort[0]) for key, sort in services.SORTS.items()],
    )


def read_filters(data) -> tuple[FilterForm, services.Filters]:
    form = FilterForm(data)
    chosen = form.cleaned_data if form.is_valid() else {}
    return form, services.filters_from(chosen)
