"""Sign-in protection shared by the community site and the Wagtail admin.

Three limits, none of which a stranger can turn against a member:
- per IP: allauth's `login_failed` rate (10 a minute, 100 an hour);
- per (address, IP): django-axes locks the pair after AXES_FAILURE_LIMIT failures for
  AXES_COOLOFF_TIME; the same address from any other IP still signs in;
- per address, from all IPs: after SIGNIN_CODE_AFTER_FAILURES failures within the
  cool-off, the right password is not enough, and allauth emails a sign-in code that
  must be typed too (`needs_emailed_code`, asked by the account adapter). The owner
  gets in; whoever guessed or bought the password does not.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def axes_username(request, credentials: dict | None) -> str:
    """The email a sign-in attempt was for, however the form named it.

    allauth authenticates with ``email=``; Django's (and Wagtail's) login form with
    ``username=``. Lower-cased so that "A@x.org" and "a@x.org" count as one account.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("username") or ""
    return str(value).strip().lower()


def needs_emailed_code(email: str) -> bool:
    """Whether sign-ins for this address have failed so often, from anywhere, that a
    password alone no longer signs it in."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=email.strip().lower(), attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.SIGNIN_CODE_AFTER_FAILURES
