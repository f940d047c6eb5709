"""API keys: personal access tokens of members, and integration keys staff make for the
company's tools. Only a digest of each key is kept; the key itself is shown once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal access token")
        INTEGRATION = "integration", _("Integration key")

    class Scope(models.TextChoices):
        READ = "read", _("Read what its owner may see")
        WRITE = "write", _("Post, vote, comment and follow as its owner")
        TRIAGE = "triage", _("The triage desk (product managers only)")
        CAPTURE = "capture", _("Record ideas, votes and comments for customers, by CRM id or email")
        WEBHOOKS = "webhooks", _("Manage the webhooks that send events to the company's systems")

    name = models.CharField(_("name"), max_length=80, help_text=_("What it is for, e.g. “CRM sync”."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSONAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("acts as")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prefix = models.CharField(_("key begins with"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)  # SHA-256 of the key
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (tdm_{self.prefix}_…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class ApiKeyUse(models.Model):
    """A write made with a key: which, what and how it ended, for the owner's timeline."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "-created_at"], name="community_key_use_recent")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
