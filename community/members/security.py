"""Sign-in protection shared by the community site and the Wagtail admin."""

from __future__ import annotations


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
