"""The reviews' panel on a signed-in member's home page: the products they own or follow."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from community.home import Panel, register_panel
from community.models import Follow, User
from reviews.models import ProductPage

MAX_PRODUCTS = 8


def my_products(request: HttpRequest, member: User) -> Panel | None:
    followed = Follow.objects.filter(member=member, content_type=ContentType.objects.get_for_model(ProductPage)).values(
        "object_id"
    )
    products = (
        ProductPage.objects.live()
        .filter(Q(owners__member=member) | Q(pk__in=followed))
        .distinct()
        .select_related("rating")
        .order_by("title")[:MAX_PRODUCTS]
    )
    return Panel("products", _("Your products"), "reviews/includes/home_products.html", list(products))


def register() -> None:
    register_panel(my_products, order=20)
