"""Closing the loop: followers hear about status changes and official answers."""

from django.utils.translation import gettext as _

from community.follows import followers_of
from community.notifications import Message, notify
from ideas.models import Comment, IdeaBoardPage, StatusChange


def announce_status_change(change_id: int) -> int:
    """Tells every follower (but the one who made the change) the idea's new status."""
    change = StatusChange.objects.select_related("idea", "to_status").get(pk=change_id)
    path = IdeaBoardPage.idea_url_outside(change.idea)

    def render(member) -> Message:
        title = _("“%(idea)s” is now %(status)s") % {"idea": change.idea.title, "status": change.to_status.label}
        return Message(title=title, body=change.message, url=path)

    recipients = followers_of(change.idea).exclude(pk=change.changed_by_id)
    return notify(recipients, event_key=f"idea-status:{change.pk}", render=render)


def announce_official_answer(comment_id: int) -> int:
    """Tells every follower (but the one who answered) that the company answered."""
    comment = Comment.objects.select_related("idea").get(pk=comment_id)
    path = f"{IdeaBoardPage.idea_url_outside(comment.idea)}#comment-{comment.pk}"

    def render(member) -> Message:
        return Message(
            title=_("Official answer on “%(idea)s”") % {"idea": comment.idea.title}, body=comment.body, url=path
        )

    recipients = followers_of(comment.idea).exclude(pk=comment.author_id)
    return notify(recipients, event_key=f"idea-answer:{comment.pk}", render=render)
