"""The idea events sent to webhooks, and what Tandem takes from the receiver's answer.

idea.planned is the promotion to the backlog: sent once per idea and endpoint, when
the idea first becomes planned or a product manager sends it; if the receiver
answers with JSON holding a "url" (the ticket it created), that address becomes the
idea's external reference, shown publicly as "tracked".
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from community.models import WebhookDelivery
from community.webhooks import services as webhooks
from ideas.models import Idea, IdeaBoardPage, StatusChange
from ideas.workflow import Stage

CREATED = "idea.created"
STATUS_CHANGED = "idea.status_changed"
PLANNED = "idea.planned"
MERGED = "idea.merged"
VOTES_REACHED = "idea.votes_reached"


def payload(idea: Idea) -> dict:
    idea_url = IdeaBoardPage.idea_url_outside(idea)
    return {
        "id": idea.pk,
        "title": idea.title,
        "body": idea.body,
        "url": _absolute(idea_url),
        "status": {"slug": idea.status.slug, "name": idea.status.name, "stage": idea.status.stage},
        "product": {"id": idea.product_id, "title": idea.product.title} if idea.product_id else None,
        "tags": [tag.slug for tag in idea.tags.all()],
        "votes": idea.vote_count,
        "author": idea.author.public_name,
        "segment": _segment(idea.author),
        "created_at": idea.created_at.isoformat(),
        "external_url": idea.external_url,
    }


def _segment(member) -> dict | None:
    segment = member.segment
    return {"id": segment.pk, "name": segment.name} if segment is not None else None


def _absolute(path: str) -> str:
    """Receivers need the whole address: the site's BASE_URL, as in emails."""
    if not path or path.startswith("http"):
        return path
    return settings.BASE_URL + path


def idea_published(idea: Idea) -> None:
    """Call inside the transaction that published it; its counters as they stand now."""
    if not webhooks.wanted_by(CREATED):
        return
    idea = Idea.objects.select_related("status", "product", "author__segment").get(pk=idea.pk)
    webhooks.emit(CREATED, f"idea:{idea.pk}", payload(idea))


def status_changed(change: StatusChange) -> None:
    """Call inside change_status()'s transaction."""
    idea = Idea.objects.select_related("status", "product", "author__segment").get(pk=change.idea_id)
    data = {
        **payload(idea),
        "change": {
            "from": change.from_status.slug if change.from_status_id else None,
            "to": change.to_status.slug,
            "message": change.message,
            "at": change.created_at.isoformat(),
        },
    }
    webhooks.emit(STATUS_CHANGED, f"status-change:{change.pk}", data)
    if change.to_status.stage == Stage.PLANNED:
        webhooks.emit(PLANNED, f"idea-planned:{idea.pk}", data)


def merged(duplicate: Idea, into: Idea) -> None:
    webhooks.emit(MERGED, f"merge:{duplicate.pk}", {"duplicate": duplicate.pk, "into": payload(into)})


def votes_counted(idea: Idea, count: int) -> None:
    """Call inside the vote's transaction with the new count: endpoints whose vote
    threshold it is hear that the idea reached it (once each)."""
    if not webhooks.wanted_by(VOTES_REACHED, vote_threshold=count):
        return
    idea = Idea.objects.select_related("status", "product", "author__segment").get(pk=idea.pk)
    webhooks.emit(VOTES_REACHED, f"idea-votes:{idea.pk}:{count}", {**payload(idea), "votes": count})


def reached_threshold(endpoint, data: dict) -> bool:
    return data.get("votes") == endpoint.vote_threshold


# --- As chat messages ---------------------------------------------------------------------


def _facts(data: dict) -> tuple[tuple[str, str], ...]:
    facts = [(_("Votes"), str(data.get("votes", 0))), (_("Status"), (data.get("status") or {}).get("name", ""))]
    if data.get("product"):
        facts.append((_("Product"), data["product"]["title"]))
    if data.get("segment"):
        facts.append((_("Author's segment"), data["segment"]["name"]))
    return tuple(facts)


def _excerpt(text: str, size: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def describe_created(data: dict) -> webhooks.Summary:
    return webhooks.Summary(
        _("New idea: %(title)s") % {"title": data["title"]}, _excerpt(data.get("body", "")), data["url"], _facts(data)
    )


def describe_status(data: dict) -> webhooks.Summary:
    change = data.get("change") or {}
    title = _("“%(title)s” is now %(status)s") % {"title": data["title"], "status": data["status"]["name"]}
    return webhooks.Summary(title, _excerpt(change.get("message", ""), 600), data["url"], _facts(data))


def describe_votes(data: dict) -> webhooks.Summary:
    title = _("“%(title)s” reached %(votes)d votes") % {"title": data["title"], "votes": data["votes"]}
    return webhooks.Summary(title, _excerpt(data.get("body", "")), data["url"], _facts(data))


def describe_merged(data: dict) -> webhooks.Summary:
    into = data["into"]
    title = _("Idea #%(duplicate)d was merged into “%(title)s”") % {
        "duplicate": data["duplicate"],
        "title": into["title"],
    }
    return webhooks.Summary(title, "", into["url"], _facts(into))


def remember_ticket(delivery: WebhookDelivery, answer: dict) -> None:
    url = answer.get("url")
    idea_id = delivery.payload.get("data", {}).get("id")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) or len(url) > 500:
        return
    Idea.objects.filter(pk=idea_id, external_url="").update(external_url=url)
