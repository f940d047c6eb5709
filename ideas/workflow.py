"""The idea workflow: every status belongs to a stage, and the rules live here, per stage.

Staff may add and rename statuses freely; what an idea in a status allows (votes,
comments, edits by its author, a place on the roadmap or in the changelog) and where
it may move next follows from its stage alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged")


@dataclass(frozen=True)
class StageRules:
    accepts_votes: bool
    accepts_comments: bool
    author_may_edit: bool
    on_roadmap: bool
    in_changelog: bool
    moves_to: frozenset[Stage]


_ANY_LIVE_STAGE = frozenset(Stage) - {Stage.MERGED}

RULES: dict[Stage, StageRules] = {
    Stage.OPEN: StageRules(True, True, True, False, False, _ANY_LIVE_STAGE),
    Stage.UNDER_REVIEW: StageRules(True, True, False, False, False, _ANY_LIVE_STAGE),
    Stage.PLANNED: StageRules(True, True, False, True, False, _ANY_LIVE_STAGE),
    Stage.IN_PROGRESS: StageRules(True, True, False, True, False, _ANY_LIVE_STAGE),
    # Shipped: the vote is over; it may be reopened if it shipped only in part.
    Stage.DONE: StageRules(False, True, False, True, True, frozenset({Stage.IN_PROGRESS, Stage.DONE, Stage.OPEN})),
    # Declined: the vote is over; staff may reconsider it.
    Stage.CLOSED: StageRules(
        False, True, False, False, False, frozenset({Stage.OPEN, Stage.UNDER_REVIEW, Stage.CLOSED})
    ),
    # Merged ideas live on in their survivor: nothing happens here any more.
    Stage.MERGED: StageRules(False, False, False, False, False, frozenset()),
}

ROADMAP_STAGES = [stage for stage, rules in RULES.items() if rules.on_roadmap]
VOTING_STAGES = [stage for stage, rules in RULES.items() if rules.accepts_votes]  # what customers still ask for


def rules_for(stage: str) -> StageRules:
    return RULES[Stage(stage)]


def can_move(from_stage: str, to_stage: str) -> bool:
    """Whether a status change may take an idea from one stage to another.

    Into "merged" only merge_ideas() leads; out of it nothing does.
    """
    return Stage(to_stage) in RULES[Stage(from_stage)].moves_to


# The statuses every Tandem starts with (a data migration creates them).
DEFAULT_STATUSES = [
    {
        "slug": "new",
        "name": "New",
        "name_de": "Neu",
        "stage": Stage.OPEN,
        "colour": "#4a5361",
        "is_default": True,
        "description": "Waiting for the community's votes and our first look.",
        "description_de": "Wartet auf die Stimmen der Community und unseren ersten Blick.",
    },
    {
        "slug": "under-review",
        "name": "Under review",
        "name_de": "In Prüfung",
        "stage": Stage.UNDER_REVIEW,
        "colour": "#7a4b00",
        "description": "Our product team is looking into it.",
        "description_de": "Unser Produktteam sieht sich das an.",
    },
    {
        "slug": "planned",
        "name": "Planned",
        "name_de": "Geplant",
        "stage": Stage.PLANNED,
        "colour": "#0a58a8",
        "description": "We will build it. It is on the roadmap.",
        "description_de": "Wir werden es umsetzen. Es steht auf der Roadmap.",
    },
    {
        "slug": "in-progress",
        "name": "In progress",
        "name_de": "In Arbeit",
        "stage": Stage.IN_PROGRESS,
        "colour": "#5b2a86",
        "description": "We are building it right now.",
        "description_de": "Wir arbeiten gerade daran.",
    },
    {
        "slug": "shipped",
        "name": "Shipped",
        "name_de": "Umgesetzt",
        "stage": Stage.DONE,
        "colour": "#17663a",
        "description": "It is done and available.",
        "description_de": "Es ist fertig und verfügbar.",
    },
    {
        "slug": "declined",
        "name": "Declined",
        "name_de": "Abgelehnt",
        "stage": Stage.CLOSED,
        "colour": "#a3161b",
        "description": "We will not build it; the official answer says why.",
        "description_de": "Wir setzen es nicht um; die offizielle Antwort sagt, warum.",
    },
    {
        "slug": "merged",
        "name": "Merged",
        "name_de": "Zusammengeführt",
        "stage": Stage.MERGED,
        "colour": "#4a5361",
        "description": "A duplicate: its votes and followers moved to the idea it was merged into.",
        "description_de": "Ein Duplikat: Stimmen und Follower sind zur zusammengeführten Idee gewandert.",
    },
]
