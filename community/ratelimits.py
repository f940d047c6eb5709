"""Write rate limits for member actions, counted in the shared cache."""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def over_write_limit(request, group: str) -> bool:
    """Counts one write by this member (or IP) in group; True once they are over the limit."""
    return is_ratelimited(
        request, group=group, key="user_or_ip", rate=settings.WRITE_RATE_LIMIT, method="POST", increment=True
    )


def too_many_requests(request, exception=None):
    """The page a member sees when they write too fast."""
    return render(request, "429.html", status=429)
