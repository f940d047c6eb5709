"""Loading ideas for a request: 404 for what is not there."""

from django.http import Http404

from community.http import back, sign_in_first
from ideas.models import Idea


def get_idea(pk: int) -> Idea:
    try:
        return Idea.objects.select_related("status", "author", "product", "merged_into").get(pk=pk)
    except Idea.DoesNotExist:
        raise Http404 from None


__all__ = ["back", "get_idea", "sign_in_first"]
