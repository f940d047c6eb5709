"""One idea: its description, votes, status history with the official messages, comments."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from community import page_cache
from community.moderation.services import visible_to
from community.pictures import services as pictures
from ideas import services
from ideas.forms import CommentForm
from ideas.models import ChangelogPage, Comment, Idea, StatusChange, Vote
from ideas.queries import idea_for_viewer, reactions_of, voters_rating
from ideas.workflow import Stage


def detail(request, page, pk: int, slug: str = ""):
    idea = idea_for_viewer(pk, request.user)
    if idea is None:
        raise Http404
    if idea.merged_into_id:
        # A duplicate lives on in its survivor: old links keep working.
        survivor = Idea.objects.get(pk=idea.merged_into_id)
        return redirect(f"{page.idea_url(survivor, request)}#merged-{idea.pk}", permanent=True)
    if slug != idea.slug:
        return redirect(page.idea_url(idea, request), permanent=True)
    page_cache.share(request)
    return TemplateResponse(request, "ideas/idea_detail.html", detail_context(request, page, idea))


def detail_context(
    request, page, idea: Idea, comment_form: CommentForm | None = None, edit_form: tuple | None = None
) -> dict:
    """Everything the idea's page shows. A refused comment or edit comes back with its
    form (edit_form: the comment's id and its form), errors beside the text."""
    member = request.user
    replies = Prefetch(
        "replies",
        queryset=visible_to(Comment.objects.all(), member).select_related("author").prefetch_related("mentions"),
    )
    comments = list(
        visible_to(Comment.objects.filter(idea=idea, parent=None), member)
        .select_related("author")
        .prefetch_related(replies, "mentions")
    )
    conversation = [comment for top in comments for comment in (top, *top.replies.all())]
    pictures.attach_to([idea, *conversation])
    reactions = reactions_of([comment.pk for comment in conversation], member)
    for comment in conversation:
        comment.reaction_counts = reactions[comment.pk]
        comment.editable = comment.can_be_edited_by(member)
        if edit_form and edit_form[0] == comment.pk:
            comment.edit_form = edit_form[1]
    history = StatusChange.objects.filter(idea=idea).select_related("from_status", "to_status", "changed_by")
    # Duplicates live on here: their words and why they were merged.
    merge_changes = Prefetch(
        "status_changes", queryset=StatusChange.objects.filter(to_status__stage=Stage.MERGED), to_attr="merges"
    )
    merged_from = (
        visible_to(Idea.objects.filter(merged_into=idea), member)
        .select_related("author")
        .prefetch_related(merge_changes)
        .order_by("created_at", "pk")
    )
    context = {
        "page": page,
        "self": page,
        "idea": idea,
        "comments": comments,
        "history": history,
        "merged_from": merged_from,
        "comment_form": comment_form or CommentForm(),
        "importance_choices": Vote.Importance.choices,
        "can_edit": idea.can_be_edited_by(member),
        "can_answer_officially": member.has_perm("ideas.post_official_comment"),
        "may_accept": services.may_accept_answers(member, idea),
        "voters_rating": voters_rating(idea),
        "changelog": ChangelogPage.objects.live().first() if idea.status.rules.in_changelog else None,
    }
    if member.has_perm("ideas.change_idea_status"):
        counts = dict(Vote.objects.filter(idea=idea).values_list("importance").annotate(n=Count("pk")))
        context["importance_breakdown"] = [
            (label, counts.get(value, 0)) for value, label in [(None, "—"), *Vote.Importance.choices]
        ]
    return context
