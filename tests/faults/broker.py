"""Pointing this test process's Celery at another broker, and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from config.celery import app


def _forget_connections() -> None:
    # Celery keeps one connection pool per app and one producer pool: both are made
    # again from the configuration on their next use.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Tasks are published to url (not run inline) inside the block."""
    kept = (app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url, app.conf.task_always_eager)
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = url
    app.conf.task_always_eager = False
    _forget_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url, app.conf.task_always_eager = kept
        _forget_connections()
