"""The member: one account per person, signed in with an email address."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.reputation import Archetype


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A member of the community, or a staff member; the email address is the login."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name other members see next to your ideas, comments and reviews."),
    )
    welcome_email_sent_at = models.DateTimeField(_("welcome email sent at"), null=True, blank=True, editable=False)
    # Set while a worker sends it; left without welcome_email_sent_at, the worker died
    # and community.emails.resend_stalled_welcomes sends it again.
    welcome_email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    bio = models.TextField(
        _("about me"), max_length=500, blank=True, help_text=_("A few words other members see on your profile.")
    )
    avatar = models.ImageField(_("picture"), upload_to="avatars/", blank=True)
    # Differentiate: set by staff or imported from the company's CRM, never by the member.
    segment = models.ForeignKey(
        "community.Segment",
        verbose_name=_("segment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    customer_value = models.DecimalField(
        _("customer value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What this customer is worth to the company (e.g. yearly revenue), in its currency."),
    )
    external_id = models.CharField(
        _("CRM id"), max_length=100, null=True, blank=True, unique=True, help_text=_("The member's id in the CRM.")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    # What the company's app last said of the member's name, picture and language
    # (community.identity): those the member cannot change here, the company's login owns them.
    company_profile = models.JSONField(default=dict, blank=True, editable=False)
    # Suspended members read but do not write; set only through community.moderation.suspensions.
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True, editable=False)
    suspended_until = models.DateTimeField(
        _("suspended until"), null=True, blank=True, editable=False, help_text=_("Empty while suspended: for good.")
    )
    suspension_reason = models.TextField(_("reason for the suspension"), max_length=1_000, blank=True, editable=False)

    # Kept by community.profiles.reputation (the sum of the member's ReputationEvents).
    reputation = models.IntegerField(_("reputation"), default=0, editable=False)
    # Computed daily by community.profiles.archetypes from measured activity, never asked.
    archetype = models.CharField(
        _("archetype"), max_length=12, choices=Archetype.choices, default=Archetype.OTHER, editable=False, db_index=True
    )
    archetype_computed_at = models.DateTimeField(_("archetype computed"), null=True, blank=True, editable=False)
    # Set when the member deleted their account: the row stays, anonymous, so that votes
    # stay counted and content they left keeps an author ("former member").
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(Lower("email"), name="community_user_email_ci_unique")]
        permissions = [
            ("suspend_member", _("Can suspend and reinstate members")),
            ("handle_privacy_requests", _("Can export and delete a member's data on their request")),
            ("set_customer_data", _("Can set members' segment, customer value and CRM id, and import them")),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """What other members see: the display name, else the part of the email before @."""
        if self.deleted_at is not None:
            return str(_("Former member"))
        return self.display_name or self.get_full_name() or self.email.split("@")[0]

    def has_verified_email(self) -> bool:
        return self.emailaddress_set.filter(email__iexact=self.email, verified=True).exists()

    @property
    def is_suspended(self) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > timezone.now()

    def can_post(self) -> bool:
        """Members write only with an active account and a verified email address."""
        return self.is_active and self.has_verified_email()
