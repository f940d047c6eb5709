"""Picture slots on a post's form: a file and its description each, and for a post that
has pictures already, which of them to take off."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Picture
from community.pictures.services import PER_POST, Upload

ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class PictureFields(forms.Form):
    """Mixed into a post's form (before forms.Form): slots picture_1 … picture_N with
    alt_1 … alt_N. The service checks the files; the form asks for each description."""

    slots = PER_POST

    def __init__(self, *args, existing: list[Picture] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing or []
        for number in range(1, self.slots + 1):
            self.fields[f"picture_{number}"] = forms.FileField(
                label=gettext_lazy("Picture %(number)d") % {"number": number},
                required=False,
                widget=forms.FileInput(attrs={"accept": ACCEPT}),
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=gettext_lazy("What picture %(number)d shows") % {"number": number},
                required=False,
                max_length=Picture.ALT_MAX,
                help_text=gettext_lazy("For those who cannot see it, e.g. “The export menu with two CSV options”."),
            )
        if self.existing:
            self.fields["remove_pictures"] = forms.TypedMultipleChoiceField(
                label=gettext_lazy("Take off"),
                required=False,
                coerce=int,
                choices=[(picture.pk, picture.alt_text) for picture in self.existing],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self):
        data = super().clean()
        for number in range(1, self.slots + 1):
            if data.get(f"picture_{number}") and not " ".join((data.get(f"alt_{number}") or "").split()):
                self.add_error(f"alt_{number}", _("Describe the picture for those who cannot see it."))
        return data

    def uploads(self) -> list[Upload]:
        data = self.cleaned_data
        return [
            Upload(data[f"picture_{number}"], data.get(f"alt_{number}") or "", field=f"picture_{number}")
            for number in range(1, self.slots + 1)
            if data.get(f"picture_{number}")
        ]

    def removed(self) -> list[int]:
        return list(self.cleaned_data.get("remove_pictures") or [])

    def picture_slots(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"picture_{number}"], self[f"alt_{number}"]) for number in range(1, self.slots + 1)]
