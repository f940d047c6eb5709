"""The product catalogue: pages that editors manage in the Wagtail admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community.blocks import ContentStreamBlock
from community.routing import to_view


class ProductIndexPage(Page):
    """/products/: every product the community can talk about."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    subpage_types = ["reviews.ProductPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("product index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = (
            ProductPage.objects.child_of(self).live().public().select_related("image").order_by("title")
        )
        return context


class ProductPage(RoutablePageMixin, Page):
    """One product: what it is, its rating and reviews, and the ideas about it.
    Its routes hand over to reviews.views."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        BETA = "beta", _("Beta")
        RETIRED = "retired", _("Retired")

    summary = models.CharField(_("summary"), max_length=240, help_text=_("One sentence shown in lists."))
    description = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("description"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(_("category"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("status"),
        FieldPanel("category"),
        FieldPanel("image"),
        FieldPanel("description"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("status")]
    parent_page_types = ["reviews.ProductIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("product page")

    # Each route names its view (community.routing: models never import views).
    overview = path("", name="overview")(to_view("reviews.views.product.product_page"))
    follow = path("follow/")(to_view("reviews.views.actions.follow"))
    write_review = path("review/", name="write_review")(to_view("reviews.views.actions.write"))
    delete_review = path("review/delete/", name="delete_review")(to_view("reviews.views.actions.delete"))
    helpful = path("reviews/<int:pk>/helpful/")(to_view("reviews.views.actions.helpful"))
    reply = path("reviews/<int:pk>/reply/")(to_view("reviews.views.actions.reply"))

    @staticmethod
    def review_address(product_url: str, review_pk: int) -> str:
        """Where one review is read: the product page with that review first, whatever
        the list's order puts on page one. Empty when the product has no address."""
        return f"{product_url}?review={review_pk}#review-{review_pk}" if product_url else ""
