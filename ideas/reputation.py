"""What earns points and badges in the ideas app (given to community.profiles.reputation
in ideas/extensions/)."""

from django.utils.translation import gettext_lazy as _

from community.profiles.reputation import Badge, Reason

IDEA_PLANNED = Reason("idea_planned", _("An idea of yours was planned"), 10)
ANSWER_ACCEPTED = Reason("answer_accepted", _("Your comment was accepted as the answer"), 15)

IDEA_MAKER = Badge(
    "idea_maker",
    _("Idea maker"),
    _("An idea of theirs was planned by the product team."),
    lambda awards, total: awards.get(IDEA_PLANNED, 0) >= 1,
    position=10,
)
PROBLEM_SOLVER = Badge(
    "problem_solver",
    _("Problem solver"),
    _("A comment of theirs was accepted as the answer."),
    lambda awards, total: awards.get(ANSWER_ACCEPTED, 0) >= 1,
    position=30,
)
