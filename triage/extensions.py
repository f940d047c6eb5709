"""Everything the triage desk plugs into the layers below it, in one place."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import dashboard, demo
from community.webhooks import services as webhooks
from ideas.wagtail_hooks import IDEA_BUTTONS
from triage import dashboard as triage_dashboard
from triage import weekly
from triage.demo import seed_triage
from triage.services import PERMISSION


def triage_button(user, idea) -> tuple[str, str, str] | None:
    """ "Triage" on an idea in the admin, for product managers."""
    if idea.is_merged or not user.has_perm(PERMISSION):
        return None
    return _("Triage"), reverse("triage_idea", args=[idea.pk]), "pick"


demo.STEPS.add(demo.DemoStep("triage", seed_triage))
IDEA_BUTTONS.add(triage_button)
dashboard.WAITING.add(
    triage_dashboard.unanswered_ideas, triage_dashboard.my_evaluations, triage_dashboard.held_tracker_changes
)
webhooks.EVENTS.add(webhooks.Event(weekly.WEEKLY, gettext_lazy("The week in the community"), describe=weekly.describe))
