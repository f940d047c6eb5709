from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WidgetConfig(AppConfig):
    """The feedback widget inside the company's own product: one script tag on the
    company's pages opens a small Tandem in a frame, where the customer, known by the
    company's login (community.identity), shares ideas, votes and follows the roadmap."""

    name = "widget"
    verbose_name = _("Widget")
    default_auto_field = "django.db.models.BigAutoField"
