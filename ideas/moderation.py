"""Ideas and comments in the one moderation layer: what the rules read, and the
comment counter that follows a decision."""

from django.db.models import F

from community import moderation
from ideas.models import Comment, Idea, IdeaBoardPage


def _idea_path(idea: Idea) -> str:
    board = IdeaBoardPage.objects.live().first()
    return board.idea_url(idea) if board else ""


def register() -> None:
    moderation.register(
        moderation.Kind(
            model=Idea, text=lambda idea: f"{idea.title}\n{idea.body}", url=_idea_path, fields=("title", "body")
        )
    )
    moderation.register(
        moderation.Kind(
            model=Comment,
            text=lambda comment: comment.body,
            fields=("body",),
            url=lambda comment: f"{_idea_path(comment.idea)}#comment-{comment.pk}",
            published=lambda comment: Idea.objects.filter(pk=comment.idea_id).update(
                comment_count=F("comment_count") + 1
            ),
            unpublished=lambda comment: Idea.objects.filter(pk=comment.idea_id).update(
                comment_count=F("comment_count") - 1
            ),
        )
    )
