from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """Product pages and their reviews, ratings and replies. What it plugs into the
    layers below is listed in reviews/extensions/."""

    name = "reviews"
    verbose_name = _("Reviews")
