"""The community's pieces in the Wagtail admin."""

from allauth.socialaccount import providers
from allauth.socialaccount.models import SocialApp
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet


class SocialAppForm(WagtailAdminModelForm):
    """A social login provider: the keys come from the provider's developer console."""

    provider = forms.ChoiceField(label=_("Provider"), choices=())

    class Meta:
        model = SocialApp
        fields = ["provider", "name", "client_id", "secret", "key", "settings"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = list(providers.registry.as_choices())


class SocialAppViewSet(ModelViewSet):
    model = SocialApp
    icon = "key"
    menu_label = _("Social login")
    add_to_settings_menu = True
    list_display = ["name", "provider"]
    search_fields = ["name", "provider"]

    def get_form_class(self, for_update=False):
        return SocialAppForm


@hooks.register("register_admin_viewset")
def register_social_app_viewset():
    return SocialAppViewSet("social_login")
