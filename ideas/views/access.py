"""Loading ideas for a request: 404 for what is not there."""

from django.http import Http404

from community.http import back, sign_in_first
from community.moderation import visible_to
from ideas.models import Idea


def get_idea(request, pk: int) -> Idea:
    """The idea, if this viewer may see it (held ideas: their author and moderators only)."""
    ideas = visible_to(Idea.objects.select_related("status", "author", "product", "merged_into"), request.user)
    try:
        return ideas.get(pk=pk)
    except Idea.DoesNotExist:
        raise Http404 from None


__all__ = ["back", "get_idea", "sign_in_first"]
