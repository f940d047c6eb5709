"""One path for everything that follows a write: a service calls `changed(obj)`.

Every listener hears which rows changed (their model and primary key, so deletions are
told too): search indexes or drops them once the write is committed, the shared page
cache and the cache generations that depend on them start afresh. Listeners are given
to LISTENERS from an app's extensions module. No post_save wiring stands behind this:
a write that does not call changed() changes nothing downstream, a queryset update() no
less than a save(). Votes do not call it: counts reach shared pages within
ANONYMOUS_CACHE_SECONDS, and search refreshes popularity on a schedule. Wagtail's own
writes (pages, site settings) arrive through Wagtail's signals (page_cache.register).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Model

from community import page_cache
from community.plugins import Point

# Each listener: (model, primary key) -> None. It is called at once, inside the write's
# transaction; what must wait for the commit (a task) waits for it (community.outbox).
LISTENERS: Point[Callable[[type[Model], int], None]] = Point("change listeners", Callable)


def changed(*objs: Model | None) -> None:
    """Call after a write (before a deletion), inside its transaction or not. The
    shared page cache is emptied now and again after the commit, so that no reader
    keeps what was there before."""
    rows = [(type(obj), obj.pk) for obj in objs if obj is not None and obj.pk is not None]
    if not rows:
        return
    page_cache.expire()
    transaction.on_commit(page_cache.expire)
    for model, pk in rows:
        for listener in LISTENERS:
            listener(model, pk)
