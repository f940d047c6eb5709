"""Demo triage for `seed_demo`: saved answers, and the first estimates and owners of
the product team, on the hand-written demo ideas."""

from community.site import SeedReport
from ideas.demo import IDEAS, team_member
from ideas.models import Idea
from triage import services
from triage.models import AnswerTemplate

ANSWER_TEMPLATES = [
    (
        "Thanks, under review",
        "Thank you for the idea! Our product team looks at it in the next planning round and answers here.",
        "Danke für die Idee! Unser Produktteam sieht sie sich in der nächsten Planungsrunde an und antwortet hier.",
    ),
    (
        "Need more votes",
        "We read every idea. This one needs more voices before we plan it: share it with colleagues who want it too.",
        "Wir lesen jede Idee. Diese braucht noch mehr Stimmen, bevor wir sie planen: "
        "Teile sie mit Kolleginnen und Kollegen, die sie auch wollen.",
    ),
]
# (index into IDEAS, reach, impact, confidence, effort): estimates the team has made so far
PRIORITIES = [(0, 4000, "2", 80, "3"), (14, 2500, "1", 100, "1"), (18, 800, "3", 50, "6")]
OWNED = [0, 14, 18]  # indexes into IDEAS: ideas the product team took on


def seed_triage(report: SeedReport) -> None:
    for name, body, body_de in ANSWER_TEMPLATES:
        AnswerTemplate.objects.get_or_create(name=name, defaults={"body": body, "body_de": body_de})
    demo_ideas = {idea.title: idea for idea in Idea.objects.filter(title__in=[title for _p, title, *_ in IDEAS])}
    team = team_member()
    for index, reach, impact, confidence, effort in PRIORITIES:
        idea = demo_ideas.get(IDEAS[index][1])
        if idea is not None and idea.rice_score is None:
            services.set_priority(idea, team, reach=reach, impact=impact, confidence=confidence, effort=effort)
    unowned = [demo_ideas[IDEAS[index][1]] for index in OWNED if IDEAS[index][1] in demo_ideas]
    services.assign([idea for idea in unowned if idea.owner_id is None], team, owner=team)
