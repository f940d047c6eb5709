"""Release posts (pages under the changelog, written by staff, gathering the shipped
ideas they include) and the email subscriptions that carry them to people."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community.blocks import ContentStreamBlock


class ReleasePage(Page):
    """One release: what it brings in the team's words and pictures, the shipped ideas
    it includes, and optionally the product it is about."""

    date = models.DateField(_("release date"), default=timezone.localdate)
    summary = models.CharField(
        _("summary"), max_length=240, help_text=_("One or two sentences, shown in lists and emails.")
    )
    product = models.ForeignKey(
        "reviews.ProductPage",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Those who follow only this product's news get it too."),
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("product"),
        FieldPanel("body"),
        InlinePanel("shipped_ideas", label=_("Shipped ideas it includes")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["ideas.ChangelogPage"]
    subpage_types: list[str] = []
    # How the changelog shows it in its list (the changelog page knows no release type).
    card_template = "changelog/includes/release_card.html"

    class Meta:
        verbose_name = _("release post")
        verbose_name_plural = _("release posts")

    def get_context(self, request, *args, **kwargs):
        from changelog.forms import SubscribeForm
        from ideas.models import IdeaBoardPage

        context = super().get_context(request, *args, **kwargs)
        initial = {"email": request.user.email, "product": self.product} if request.user.is_authenticated else {}
        context.update(
            ideas=self.included_ideas(),
            board=IdeaBoardPage.objects.live().first(),
            subscribe_form=SubscribeForm(initial=initial),
        )
        return context

    def included_ideas(self):
        from ideas.models import Idea

        return (
            Idea.objects.published()
            .filter(release_posts__release=self)
            .select_related("status", "product")
            .order_by("release_posts__sort_order")
        )


class ReleaseIdea(Orderable):
    release = ParentalKey(ReleasePage, on_delete=models.CASCADE, related_name="shipped_ideas")
    idea = models.ForeignKey(
        "ideas.Idea", verbose_name=_("idea"), on_delete=models.CASCADE, related_name="release_posts"
    )

    panels = [FieldPanel("idea")]  # the idea chooser ideas registers for its model

    class Meta(Orderable.Meta):
        verbose_name = _("shipped idea")
        constraints = [models.UniqueConstraint(fields=["release", "idea"], name="changelog_idea_once_per_release")]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """Release posts by email for one address: every product, or one. A visitor's
    address counts only once confirmed from the email it got (double opt-in); a
    member's verified address needs no second step. The times and addresses of asking
    and confirming are the record of consent."""

    email = models.EmailField(_("email address"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changelog_subscriptions",
    )
    product = models.ForeignKey(
        "reviews.ProductPage",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    asked_from = models.GenericIPAddressField(_("asked from"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_from = models.GenericIPAddressField(_("confirmed from"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("changelog subscription")
        verbose_name_plural = _("changelog subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "product"], name="changelog_one_subscription_per_product"),
            models.UniqueConstraint(fields=["email"], condition=Q(product=None), name="changelog_one_for_everything"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.ended_at is None


class ReleaseDelivery(models.Model):
    """One release post to one subscription, sent once (claimed, sent, marked)."""

    release = models.ForeignKey(ReleasePage, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "subscription"], name="changelog_release_sent_once")]

    def __str__(self) -> str:
        return f"{self.release_id} → {self.subscription_id}"
