from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Ideas, votes, comments, statuses, roadmap and triage."""

    name = "ideas"
    verbose_name = _("Ideas")
