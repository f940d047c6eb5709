"""What ideas contribute to a member's profile (published only) and to the staff's
timeline of that member (everything, with its moderation state)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.models import User
from community.profiles import services as profiles
from ideas.models import Capture, Comment, Idea, IdeaBoardPage, Vote


def _idea_note(idea: Idea) -> str:
    votes = ngettext("%(count)d vote", "%(count)d votes", idea.vote_count) % {"count": idea.vote_count}
    return f"{idea.status.label} · {votes}"


def public_ideas(member: User, limit: int) -> tuple[int, list[profiles.Item]]:
    ideas = Idea.objects.published().filter(author=member, merged_into__isnull=True).select_related("status")
    url = IdeaBoardPage.idea_urls_outside()
    newest = ideas.order_by("-created_at", "-pk")[:limit]
    return ideas.count(), [
        profiles.Item(idea.created_at, idea.title, url(idea), profiles.excerpt(idea.body), note=_idea_note(idea))
        for idea in newest
    ]


def public_comments(member: User, limit: int) -> tuple[int, list[profiles.Item]]:
    comments = Comment.objects.published().filter(
        author=member, idea__moderation_state="published", idea__merged_into__isnull=True
    )
    url = IdeaBoardPage.idea_urls_outside()
    newest = comments.select_related("idea").order_by("-created_at", "-pk")[:limit]
    return comments.count(), [
        profiles.Item(
            comment.created_at,
            _("On “%(idea)s”") % {"idea": comment.idea.title},
            f"{url(comment.idea)}#comment-{comment.pk}",
            profiles.excerpt(comment.body),
        )
        for comment in newest
    ]


def timeline(member: User, limit: int) -> list[profiles.Item]:
    url = IdeaBoardPage.idea_urls_outside()
    items = []
    for idea in Idea.objects.filter(author=member).select_related("status").order_by("-created_at")[:limit]:
        note = _idea_note(idea)
        if not idea.is_published:
            note = f"{note} · {idea.get_moderation_state_display()}"
        items.append(
            profiles.Item(idea.created_at, idea.title, url(idea), profiles.excerpt(idea.body), _("Idea"), note)
        )
    comments = Comment.objects.filter(author=member).select_related("idea").order_by("-created_at")[:limit]
    for comment in comments:
        kind = _("Official answer given") if comment.is_official else _("Comment")
        note = "" if comment.is_published else comment.get_moderation_state_display()
        title = _("On “%(idea)s”") % {"idea": comment.idea.title}
        link = f"{url(comment.idea)}#comment-{comment.pk}"
        items.append(profiles.Item(comment.created_at, title, link, profiles.excerpt(comment.body), kind, note))
    for vote in Vote.objects.filter(member=member).select_related("idea").order_by("-created_at")[:limit]:
        note = vote.get_importance_display() if vote.importance else ""
        items.append(profiles.Item(vote.created_at, vote.idea.title, url(vote.idea), kind=_("Vote"), note=note))
    captures = Capture.objects.filter(customer=member).select_related("idea", "captured_by", "api_key")
    for capture in captures.order_by("-created_at")[:limit]:
        by = capture.captured_by.public_name if capture.captured_by else _("former staff")
        if capture.api_key:
            by = f"{by} ({capture.api_key.name})"
        kind = _("%(what)s recorded by %(name)s") % {"what": capture.get_kind_display(), "name": by}
        note = capture.get_source_display() + (f" · {capture.link}" if capture.link else "")
        items.append(
            profiles.Item(capture.created_at, capture.idea.title, url(capture.idea), capture.quote, kind, note)
        )
    return items
