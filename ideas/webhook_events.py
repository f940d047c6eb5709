"""The idea events sent to webhooks, and what Tandem takes from the receiver's answer.

idea.planned is the promotion to the backlog: sent once per idea and endpoint, when
the idea first becomes planned or a product manager sends it; if the receiver
answers with JSON holding a "url" (the ticket it created), that address becomes the
idea's external reference, shown publicly as "tracked".
"""

from __future__ import annotations

from django.conf import settings

from community.models import WebhookDelivery
from community.webhooks import services as webhooks
from ideas.models import Idea, IdeaBoardPage, StatusChange
from ideas.workflow import Stage

CREATED = "idea.created"
STATUS_CHANGED = "idea.status_changed"
PLANNED = "idea.planned"
MERGED = "idea.merged"


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
        "created_at": idea.created_at.isoformat(),
        "external_url": idea.external_url,
    }


def _absolute(path: str) -> str:
    """Receivers need the whole address: the site's BASE_URL, as in emails."""
    if not path or path.startswith("http"):
        return path
    return settings.BASE_URL + path


def idea_published(idea: Idea) -> None:
    webhooks.emit(CREATED, f"idea:{idea.pk}", payload(idea))


def status_changed(change: StatusChange) -> None:
    """Call inside change_status()'s transaction."""
    idea = Idea.objects.select_related("status", "product", "author").get(pk=change.idea_id)
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


def remember_ticket(delivery: WebhookDelivery, answer: dict) -> None:
    url = answer.get("url")
    idea_id = delivery.payload.get("data", {}).get("id")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) or len(url) > 500:
        return
    Idea.objects.filter(pk=idea_id, external_url="").update(external_url=url)
