"""The community's own part of a member's timeline: what they were told (official
answers, status changes, moderation decisions), what they reported, what their API
keys wrote, what the company's app changed about them, and every change of their consent."""

from __future__ import annotations

from django.utils.translation import gettext as _

from community.models import ApiKeyUse, AttributeChange, ConsentChange, Flag, Notification, User
from community.profiles import services as profiles


def timeline(member: User, limit: int) -> list[profiles.Item]:
    items = []
    for note in Notification.objects.filter(recipient=member).order_by("-created_at")[:limit]:
        items.append(
            profiles.Item(
                note.created_at,
                note.title,
                note.url,
                profiles.excerpt(note.body),
                _("Told: %(topic)s") % {"topic": note.get_topic_display()},
                note.get_channel_display(),
            )
        )
    for flag in Flag.objects.filter(reporter=member).order_by("-created_at")[:limit]:
        outcome = flag.get_outcome_display() if flag.outcome else _("open")
        items.append(
            profiles.Item(flag.created_at, flag.get_reason_display(), excerpt=flag.note, kind=_("Report"), note=outcome)
        )
    uses = ApiKeyUse.objects.filter(key__owner=member).select_related("key").order_by("-created_at")[:limit]
    for use in uses:
        title = f"{use.method} {use.path} → {use.status}"
        items.append(
            profiles.Item(
                use.created_at,
                title,
                kind=_("Written with the API key “%(name)s”") % {"name": use.key.name},
                note=f"tdm_{use.key.prefix}_…",
            )
        )
    changes = AttributeChange.objects.filter(member=member).select_related("app").order_by("-created_at")[:limit]
    for attribute_change in changes:
        source = attribute_change.source or _("a connected app")
        items.append(
            profiles.Item(
                attribute_change.created_at,
                f"{attribute_change.attribute}: {attribute_change.old or '–'} → {attribute_change.new or '–'}",
                kind=_("Changed by %(app)s") % {"app": source},
            )
        )
    for change in ConsentChange.objects.filter(member=member).order_by("-created_at")[:limit]:
        title = f"{change.get_topic_display()}: {change.get_previous_display()} → {change.get_channel_display()}"
        items.append(profiles.Item(change.created_at, title, kind=_("Consent"), note=change.get_source_display()))
    return items
