"""Indexing work, queued on commit by search.indexing; each task is safe to run twice."""

import logging

from celery import shared_task

from search import interface
from search.backends.base import Unavailable

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=8)
def update_entry(self, kind: str, pk: int) -> bool:
    """Index the object if it may be found now, remove it otherwise. The database is
    always written; if the cluster cannot be reached, a worker tries again later
    (inline, without a worker, `search_index --check` finds what it missed)."""
    try:
        return interface.update(kind, pk)
    except Unavailable as error:
        if self.request.is_eager:
            logger.warning("search cluster unavailable; %s %s is indexed in the database only", kind, pk)
            return False
        raise self.retry(exc=error, countdown=min(600, 5 * 2**self.request.retries)) from error


@shared_task(acks_late=True)
def refresh_popularity() -> int:
    return interface.refresh_popularity()
