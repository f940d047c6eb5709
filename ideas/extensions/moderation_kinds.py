"""Ideas and comments in the one moderation layer: what the rules read, and the
comment counter that follows a decision."""

from django.db.models import F

from community import outbox
from community.moderation import services as moderation
from ideas.models import Comment, Idea, IdeaBoardPage


def _comment_published(comment: Comment) -> None:
    """Counted, and now that others can read it, announced (once: the event key guards it)."""
    from ideas import tasks

    Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") + 1)
    if not comment.is_official:
        outbox.enqueue(tasks.announce_comment, comment.pk)


def _idea_published(idea: Idea) -> None:
    """Sent to the company's tools once (the event key guards a second publication)."""
    from ideas import webhook_events

    webhook_events.idea_published(Idea.objects.select_related("status", "product", "author").get(pk=idea.pk))


IDEAS = moderation.Kind(
    model=Idea,
    text=lambda idea: f"{idea.title}\n{idea.body}",
    url=IdeaBoardPage.idea_url_outside,
    fields=("title", "body"),
    published=_idea_published,
)
COMMENTS = moderation.Kind(
    model=Comment,
    text=lambda comment: comment.body,
    fields=("body",),
    url=lambda comment: f"{IdeaBoardPage.idea_url_outside(comment.idea)}#comment-{comment.pk}",
    published=_comment_published,
    unpublished=lambda comment: Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1),
)
