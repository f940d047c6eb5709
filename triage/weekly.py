"""The week in the community, for the team's chat: what customers asked, what shipped,
what they said of the products. Sent on Monday morning to destinations that want it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.webhooks import services as webhooks
from ideas.models import Idea, IdeaBoardPage, StatusChange
from ideas.workflow import Stage
from reviews.models import Review

WEEKLY = "community.week"
TOP = 5


def summary(now=None) -> dict:
    now = now or timezone.now()
    since = now - timedelta(days=7)
    new = Idea.objects.published().filter(created_at__gte=since, merged_into__isnull=True)
    reviews = Review.objects.published().filter(created_at__gte=since).aggregate(n=Count("pk"), stars=Avg("rating"))
    shipped = StatusChange.objects.filter(created_at__gte=since, to_status__stage=Stage.DONE)
    return {
        "from": since.date().isoformat(),
        "to": now.date().isoformat(),
        "new_ideas": new.count(),
        "top_new_ideas": [
            {"id": idea.pk, "title": idea.title, "votes": idea.vote_count, "url": _absolute(idea)}
            for idea in new.order_by("-vote_count", "-pk")[:TOP]
        ],
        "shipped": shipped.values("idea").distinct().count(),
        "status_changes": StatusChange.objects.filter(created_at__gte=since).count(),
        "reviews": reviews["n"],
        "average_rating": round(float(reviews["stars"]), 1) if reviews["stars"] is not None else None,
        "url": settings.BASE_URL + reverse("triage"),
    }


def _absolute(idea: Idea) -> str:
    path = IdeaBoardPage.idea_url_outside(idea)
    return path if path.startswith("http") else settings.BASE_URL + path


def send(now=None) -> int:
    now = now or timezone.now()
    year, week, _day = now.isocalendar()
    return webhooks.emit(WEEKLY, f"week:{year}-{week:02d}", summary(now))


def describe(data: dict) -> webhooks.Summary:
    title = _("The week in the community, %(start)s to %(end)s") % {"start": data["from"], "end": data["to"]}
    lines = [f"{idea['title']} ({idea['votes']})" for idea in data["top_new_ideas"]]
    text = (_("Most asked of the new ideas:") + "\n" + "\n".join(lines)) if lines else _("No new ideas this week.")
    facts = [
        (_("New ideas"), str(data["new_ideas"])),
        (_("Shipped"), str(data["shipped"])),
        (_("Status changes"), str(data["status_changes"])),
        (_("Reviews"), str(data["reviews"])),
    ]
    if data["average_rating"] is not None:
        facts.append((_("Average rating"), f"{data['average_rating']} / 5"))
    return webhooks.Summary(title, text, data["url"], tuple(facts))
