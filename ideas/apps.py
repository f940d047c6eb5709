from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Ideas, votes, comments, statuses, the roadmap and the changelog. What it plugs
    into the layers below is listed in ideas/extensions/."""

    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from community.models import Segment
        from ideas import demand
        from ideas.models import DemandSettings

        # Segments and the demand settings are edited in Wagtail's own admin views.
        post_save.connect(demand.weights_changed, sender=Segment, dispatch_uid="ideas.demand.segment_saved")
        post_delete.connect(demand.weights_changed, sender=Segment, dispatch_uid="ideas.demand.segment_deleted")
        post_save.connect(demand.weights_changed, sender=DemandSettings, dispatch_uid="ideas.demand.settings_saved")
