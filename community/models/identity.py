"""The company's own apps, connected so that their customers are known by the company's
login (community.identity): which tokens to trust, which were used, which sites may embed
the widget, and what the company told us about each member."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConnectedApp(models.Model):
    class Algorithm(models.TextChoices):
        HS256 = "HS256", _("HS256: a secret shared with the app")
        RS256 = "RS256", _("RS256: the app's RSA public key")
        ES256 = "ES256", _("ES256: the app's elliptic-curve public key")

    name = models.CharField(_("name"), max_length=80, help_text=_("The company's app, e.g. “Acme Cloud”."))
    issuer = models.CharField(
        _("issuer"),
        max_length=200,
        unique=True,
        help_text=_("The “iss” claim of the app's tokens, e.g. https://app.example.com."),
    )
    audience = models.CharField(
        _("audience"), max_length=200, help_text=_("The “aud” claim the app's tokens must carry: this community.")
    )
    algorithm = models.CharField(_("signature"), max_length=5, choices=Algorithm.choices, default=Algorithm.HS256)
    # Fernet-encrypted (community.crypto); never shown again once saved.
    secret_encrypted = models.TextField(blank=True, editable=False)
    public_key = models.TextField(
        _("public key"), blank=True, help_text=_("PEM, beginning “-----BEGIN PUBLIC KEY-----”. Or give a JWKS address.")
    )
    jwks_url = models.URLField(
        _("JWKS address"), blank=True, help_text=_("Where the app publishes its public keys (a JSON Web Key Set).")
    )
    embed_origins = models.TextField(
        _("sites that may embed the widget"),
        blank=True,
        help_text=_("One origin per line, e.g. https://app.example.com. Other sites cannot show the widget."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last sign-in"), null=True, blank=True, editable=False)
    # What went wrong last with this app's tokens (an unknown segment, a bad signature),
    # so staff see it without reading logs.
    last_problem = models.CharField(_("last problem"), max_length=300, blank=True, editable=False)
    last_problem_at = models.DateTimeField(_("last problem at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("connected app")
        verbose_name_plural = _("connected apps")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def origins(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.embed_origins.splitlines() if line.strip()]


class SsoTokenUse(models.Model):
    """A token's one-time id ("jti"), kept until the token expires, so a token is used once."""

    app = models.ForeignKey(ConnectedApp, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=200)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["app", "jti"], name="community_sso_token_once")]

    def __str__(self) -> str:
        return self.jti


class AttributeChange(models.Model):
    """What the company changed about a member (name, segment, value, products, ...),
    for the member's timeline: the company's data is never changed unseen."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attribute_changes")
    app = models.ForeignKey(ConnectedApp, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=100, blank=True)  # the app's or identity provider's name
    attribute = models.CharField(max_length=40)
    old = models.CharField(max_length=300, blank=True)
    new = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["member", "-created_at"], name="community_attr_change_recent")]

    def __str__(self) -> str:
        return f"{self.attribute}: {self.old} → {self.new}"
