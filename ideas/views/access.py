"""Loading ideas for a request: 404 for what is not there."""

from django.http import Http404

from community.http import back, sign_in_first
from ideas.models import Idea
from ideas.queries import visible_idea


def get_idea(request, pk: int) -> Idea:
    """The idea, if this viewer may see it (ideas.queries.visible_idea), else 404."""
    idea = visible_idea(pk, request.user)
    if idea is None:
        raise Http404
    return idea


__all__ = ["back", "get_idea", "sign_in_first"]
