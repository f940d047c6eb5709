from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    """The product managers' desk: the triage board and sheet, demand by segment, RICE,
    owners, staff notes, answer templates, insights, exports and the road to the backlog."""

    name = "triage"
    verbose_name = _("Triage")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community import demo
        from triage.demo import seed_triage

        demo.register_step("triage", seed_triage)
