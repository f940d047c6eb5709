"""Anonymous readers share rendered pages for a few seconds.

Most visitors never sign in, and the board, idea, product pages and read API they
see are the same for all of them. A view says its answer may be shared (`share`);
the middleware keeps it for ANONYMOUS_CACHE_SECONDS per address and language and
serves the next anonymous reader from the cache, before any view or query runs.

- New, edited or moderated content, status changes, merges and reviews empty it at
  once (community.changes.changed, which every service calls after a write); so do
  pages and settings published in Wagtail (Wagtail's signals, `register`).
- Vote counts may be up to ANONYMOUS_CACHE_SECONDS old for anonymous readers; votes
  do not empty it, or a busy board would never be served from it.
- Anyone with a session (every signed-in member) or a flash message is never served
  from it and never fills it: members always see their own votes.
- The per-visitor parts of a page are put back on the way out: a fresh CSP nonce and
  fresh CSRF tokens (the language switcher is a form).
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from community.cache import bump_generation

VERSION_KEY = "anonymous-pages:version"
NONCE = "__tandem-csp-nonce__"
CSRF = "__tandem-csrf-token__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
_KEPT_HEADERS = ("Content-Language", "Content-Type")


def share(request) -> None:
    """Marks this request's answer as the same for every anonymous reader."""
    request.share_with_anonymous = True


def version() -> int:
    """The cache's generation: keys that include it are emptied with it."""
    return cache.get(VERSION_KEY, 0)


def expire() -> None:
    """Empties the cache: every shared page is rendered afresh on its next request.
    While the cache is down there is nothing to empty (community.cache)."""
    bump_generation(VERSION_KEY)


def generation(name: str) -> int:
    """A named cache generation (menus and the board's address: "pages"; the board's
    totals: "idea-board"): keys that include it are emptied when it is bumped, and only
    then, so a new comment does not empty the menus."""
    return cache.get(f"generation:{name}", 0)


def bump(name: str) -> None:
    bump_generation(f"generation:{name}")


def bump_on_commit(name: str) -> None:
    """bump() now, and again once the change is committed, so that nothing a reader
    cached in between (before the commit) outlives it."""
    bump(name)
    transaction.on_commit(lambda: bump(name))


def pages_changed(*args, **kwargs) -> None:
    """Editors changed the site in Wagtail (a page, the branding): menus, the board's
    address and every shared page start afresh, now and after the commit. Takes any
    arguments, to serve as a signal receiver."""

    def expire_pages() -> None:
        bump("pages")
        expire()

    expire_pages()
    transaction.on_commit(expire_pages)


def register() -> None:
    """Wagtail's own writes, which no service of ours makes: pages saved, published,
    unpublished, moved, renamed or deleted, and the branding saved in its settings."""
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from community.models import BrandingSettings

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(pages_changed, dispatch_uid=f"page-cache-{id(signal)}")

    def page_saved_or_deleted(sender, instance, **kwargs) -> None:
        if isinstance(instance, Page):  # any page type: the signals name the subclass
            pages_changed()

    post_save.connect(page_saved_or_deleted, weak=False, dispatch_uid="page-cache-page-saved")
    post_delete.connect(page_saved_or_deleted, weak=False, dispatch_uid="page-cache-page-deleted")
    post_save.connect(pages_changed, sender=BrandingSettings, dispatch_uid="page-cache-branding")


def _anonymous(request) -> bool:
    """No session, no flash message: nothing on the page can be about this visitor."""
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return (
        request.method == "GET"
        and not request.headers.get("HX-Request")
        and set(request.COOKIES) <= allowed
        and settings.ANONYMOUS_CACHE_SECONDS > 0
    )


def _key(request) -> str:
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"anonymous-pages:{get_language()}:{hashlib.sha256(address).hexdigest()}"


class AnonymousPageCacheMiddleware:
    """Goes after LocaleMiddleware, CsrfViewMiddleware and CSPMiddleware, which finish
    what it serves (language, CSRF cookie, CSP header with the nonce it used)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY, 0)
        kept = found.get(key)
        if kept is not None and kept["version"] == version:
            return self._serve(request, kept)
        response = self.get_response(request)
        if self._shareable(request, response):
            cache.set(key, self._keep(request, response, version), timeout=settings.ANONYMOUS_CACHE_SECONDS)
        return response

    @staticmethod
    def _shareable(request, response) -> bool:
        return (
            getattr(request, "share_with_anonymous", False)
            and response.status_code == 200
            and not response.streaming
            and not (set(response.cookies) - {settings.CSRF_COOKIE_NAME})
        )

    @staticmethod
    def _keep(request, response, version: int) -> dict:
        body = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            body = body.replace(nonce.encode(), NONCE.encode())
        body = _CSRF_INPUT.sub(rb"\1" + CSRF.encode() + rb"\2", body)
        headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
        return {"version": version, "body": body, "headers": headers}

    @staticmethod
    def _serve(request, kept: dict) -> HttpResponse:
        body = kept["body"]
        if NONCE.encode() in body:
            body = body.replace(NONCE.encode(), str(request.csp_nonce).encode())
        if CSRF.encode() in body:
            body = body.replace(CSRF.encode(), get_token(request).encode())
        response = HttpResponse(body)
        for name, value in kept["headers"].items():
            response[name] = value
        response["Vary"] = "Cookie, Accept-Language"
        return response
