"""Loading ideas for a request: 404 for what is not there."""

from django.http import Http404

from community.http import back, sign_in_first
from community.moderation import can_see
from ideas.models import Idea


def get_idea(request, pk: int) -> Idea:
    """The idea, if this viewer may see it (held ideas: their author and moderators only)."""
    idea = Idea.objects.select_related("status", "author", "product", "merged_into").filter(pk=pk).first()
    if idea is None or not can_see(idea, request.user):
        raise Http404
    return idea


__all__ = ["back", "get_idea", "sign_in_first"]
