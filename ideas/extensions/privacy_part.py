"""What ideas hold about a member, for the privacy export and account deletion.

Votes and reactions stay with the anonymous former member, so every count stays exact; what they
wrote stays under "former member" unless they asked to remove it, and then it is
emptied and hidden (not deleted, so others' votes and replies keep their place).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.changes import changed
from community.markdown import rendered_columns
from community.models import Follow, ModerationEdit, ModerationState, User
from ideas.models import Capture, Comment, CommentReaction, Idea, ShippedFeedback, StatusChange, Vote


def export(member: User) -> dict:
    return {
        "ideas": list(
            Idea.objects.filter(author=member)
            .order_by("created_at")
            .values("id", "title", "body", "status__name", "product__title", "created_at", "moderation_state")
        ),
        "comments": list(
            Comment.objects.filter(author=member)
            .order_by("created_at")
            .values("id", "idea_id", "idea__title", "body", "is_official", "created_at", "moderation_state")
        ),
        "votes": list(
            Vote.objects.filter(member=member)
            .order_by("created_at")
            .values("idea_id", "idea__title", "importance", "created_at")
        ),
        "reactions": list(
            CommentReaction.objects.filter(member=member)
            .order_by("created_at")
            .values("comment_id", "comment__idea_id", "kind", "created_at")
        ),
        "did_it_solve_it": list(
            ShippedFeedback.objects.filter(member=member)
            .order_by("created_at")
            .values("idea_id", "idea__title", "answer", "comment", "created_at")
        ),
        # What the team recorded for the member, and from where (ideas.capture).
        "recorded_for_me": list(
            Capture.objects.filter(customer=member)
            .order_by("created_at")
            .values("kind", "idea_id", "idea__title", "source", "link", "quote", "created_at")
        ),
        "status_changes_made": list(
            StatusChange.objects.filter(changed_by=member).values("idea_id", "to_status__name", "message", "created_at")
        ),
    }


def erase(member: User, remove_content: bool) -> None:
    # Answers to "did this solve it?" stay, like votes; staff duties end. The notes of
    # what the team recorded for them go (their words); what it became is their content.
    Capture.objects.filter(customer=member).delete()
    Idea.objects.filter(owner=member).update(owner=None)
    Idea.objects.filter(evaluator=member).update(evaluator=None)
    idea_type = ContentType.objects.get_for_model(Idea)
    followed = Follow.objects.filter(member=member, content_type=idea_type)
    Idea.objects.filter(pk__in=followed.values("object_id")).update(follower_count=F("follower_count") - 1)
    followed.delete()
    if remove_content:
        _remove_writing(member)


def _remove_writing(member: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        removed = _("Removed at the author's request.")
    now = timezone.now()
    comments = list(Comment.objects.filter(author=member))
    for comment in comments:
        if comment.is_published:
            Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1)
    Comment.objects.filter(author=member).update(
        **rendered_columns(Comment, body=""),
        moderation_state=ModerationState.REJECTED,
        moderation_reason=removed,
        moderated_at=now,
    )
    ideas = list(Idea.objects.filter(author=member))
    Idea.objects.filter(author=member).update(
        title=removed,
        **rendered_columns(Idea, body=""),
        moderation_state=ModerationState.REJECTED,
        moderation_reason=removed,
        moderated_at=now,
    )
    for model, ids in ((Idea, [idea.pk for idea in ideas]), (Comment, [comment.pk for comment in comments])):
        ModerationEdit.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids).delete()
    changed(*ideas, *comments)
