"""A member's public profile, and the page where they edit their own."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.errors import ServiceError, add_service_errors
from community.models import User
from community.profiles import archetypes, reputation
from community.profiles import services as profiles
from community.ratelimits import over_write_limit, too_many_requests


def profile(request, pk: int):
    """What a member shows of themselves: name, picture, words, and what they published."""
    member = get_object_or_404(User, pk=pk, is_active=True)
    # The buyer type is how the team tells customers apart: the team's, and the member's own, to read.
    own = request.user.pk == member.pk
    context = {
        "member": member,
        "sections": profiles.sections(member),
        "badges": reputation.badges_of(member),
        "own": own,
        "show_archetype": own or request.user.is_staff,
        "archetype_description": archetypes.DESCRIPTIONS[member.archetype],
    }
    return render(request, "community/profile.html", context)


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Display name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    bio = forms.CharField(
        label=gettext_lazy("About me"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("A few words other members see on your profile."),
    )
    avatar = forms.FileField(
        label=gettext_lazy("Picture"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=gettext_lazy("JPEG, PNG, WebP or GIF, up to 2 MB."),
    )
    remove_avatar = forms.BooleanField(label=gettext_lazy("Remove my picture"), required=False)

    def __init__(self, *args, company_profile: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # What the company's login owns (community.identity) is shown, not edited, here.
        owned = company_profile or {}
        note = gettext_lazy("This comes from your company's account; change it there.")
        if "name" in owned:
            self.fields["display_name"].disabled = True
            self.fields["display_name"].help_text = note
        if "avatar" in owned:
            for name in ("avatar", "remove_avatar"):
                self.fields[name].disabled = True
            self.fields["avatar"].help_text = note


@login_required
def edit_profile(request):
    member = request.user
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        initial={"display_name": member.display_name, "bio": member.bio},
        company_profile=member.company_profile,
    )
    if request.method == "POST" and form.is_valid():
        if over_write_limit(request, "profile"):
            return too_many_requests(request)
        data = form.cleaned_data
        try:
            profiles.update_profile(
                member,
                display_name=data["display_name"],
                bio=data["bio"],
                avatar=data["avatar"] or None,
                remove_avatar=data["remove_avatar"],
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profile", pk=member.pk)
    return render(request, "community/profile_form.html", {"form": form}, status=422 if form.errors else 200)
