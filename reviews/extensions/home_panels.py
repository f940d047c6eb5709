"""The reviews' panel on a signed-in member's home page: the products they own or follow."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from community.home import Panel
from community.models import User
from reviews.models import ProductPage
from reviews.queries import products_of

MAX_PRODUCTS = 8


def my_products(request: HttpRequest, member: User) -> Panel | None:
    mine = products_of([member.pk]).get(member.pk)
    if not mine:
        return None
    products = ProductPage.objects.live().filter(pk__in=mine).select_related("rating").order_by("title")
    return Panel("products", _("Your products"), "reviews/includes/home_products.html", list(products[:MAX_PRODUCTS]))
