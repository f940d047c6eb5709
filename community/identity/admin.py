"""Settings → Connected apps: the company's apps whose tokens sign customers in. A shared
secret is shown once, on the form that creates the app, then kept encrypted."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from community import crypto
from community.errors import InvalidInput, add_service_errors
from community.identity import services
from community.models import ConnectedApp


class ConnectedAppForm(WagtailAdminModelForm):
    secret = forms.CharField(
        label=_("Shared secret (HS256)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    jwks_url = forms.URLField(
        label=_("JWKS address"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the app publishes its public keys (a JSON Web Key Set)."),
    )

    class Meta:
        model = ConnectedApp
        fields = ["name", "issuer", "audience", "algorithm", "secret", "public_key", "jwks_url", "embed_origins"]
        fields += ["is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["secret"].initial = services.new_secret()
            self.fields["secret"].help_text = _(
                "Made for you: copy it into the app's settings now, it is not shown again. Or paste the app's own."
            )
            self.fields["audience"].initial = settings.BASE_URL
        else:
            self.fields["secret"].help_text = _("Leave empty to keep the current secret; it is never shown again.")

    def clean(self):
        data = super().clean()
        try:
            services.check_app(
                algorithm=data.get("algorithm") or "",
                secret=data.get("secret") or "",
                has_secret=bool(self.instance.secret_encrypted),
                public_key=data.get("public_key") or "",
                jwks_url=data.get("jwks_url") or "",
                origins=data.get("embed_origins") or "",
            )
        except InvalidInput as error:
            add_service_errors(self, error)
        return data

    def save(self, commit=True):
        app = super().save(commit=False)
        if app.algorithm != ConnectedApp.Algorithm.HS256:
            app.secret_encrypted = ""
        elif secret := self.cleaned_data.get("secret"):
            app.secret_encrypted = crypto.encrypt(secret)
        if commit:
            app.save()
        return app


class ConnectedAppViewSet(ModelViewSet):
    model = ConnectedApp
    icon = "link"
    menu_label = _("Connected apps")
    add_to_settings_menu = True
    list_display = ["name", "issuer", "algorithm", "is_active", "last_used_at", "last_problem"]
    search_fields = ["name", "issuer"]

    def get_form_class(self, for_update=False):
        return ConnectedAppForm
