from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    """The product managers' desk: the triage board and sheet, demand by segment, RICE,
    owners, staff notes, answer templates, insights, exports and the road to the backlog.
    What it plugs into the layers below is listed in triage/extensions.py."""

    name = "triage"
    verbose_name = _("Triage")
    default_auto_field = "django.db.models.BigAutoField"
