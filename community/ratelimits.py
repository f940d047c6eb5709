"""Write rate limits for member actions, counted in the shared cache."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit import UNSAFE
from django_ratelimit.core import is_ratelimited

from community.errors import ServiceError


def over_write_limit(request, group: str) -> bool:
    """Counts one write by this member (or IP) in group; True once they are over the limit."""
    return is_ratelimited(
        request, group=group, key="user_or_ip", rate=settings.WRITE_RATE_LIMIT, method=UNSAFE, increment=True
    )


def over_sign_in_limit(request) -> bool:
    """Counts one sign-in with a company's token (/sso/, the widget) or the widget's
    password form, whatever the method; True once over the write limit."""
    return is_ratelimited(request, group="sso", key="user_or_ip", rate=settings.WRITE_RATE_LIMIT, increment=True)


def too_many_requests(request, exception=None):
    """The page a member sees when they write too fast."""
    return render(request, "429.html", status=429)


class WriteLimitReached(ServiceError):
    code = "rate_limited"
    status = 429
    default_message = _("You are doing this too often. Please wait a minute and try again.")


def enforce_write_limit(request, group: str) -> None:
    """For the API: counts one write and raises WriteLimitReached once over the limit."""
    if over_write_limit(request, group):
        raise WriteLimitReached()
