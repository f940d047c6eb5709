"""The shared cache, when its Redis stops answering: slower, never broken.

Everything Tandem keeps in the cache can be rebuilt from the database: shared pages,
menus, the board's totals, search answers, sessions (read from the database by
Django's `cached_db` engine when the cache has nothing). So reads that fail count as
misses and writes that fail are dropped, with a warning in the log.

Counting is different: a rate limit that cannot count must not let every write
through, so `add` and `incr` raise CacheUnavailable, a ServiceError the API answers
with a 503 problem document and pages with the 503 page
(`community.cache.CacheUnavailableMiddleware`). Generation bumps (bump_generation)
skip it: the entries they would have emptied expire on their own.

After a failure the cache is not asked again for CACHE_RETRY_SECONDS, so a Redis that
hangs costs one short timeout (CACHE_TIMEOUT_SECONDS), not one per call.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from community.errors import ServiceError

logger = logging.getLogger(__name__)
T = TypeVar("T")
FAILURES = (RedisError, OSError)


class CacheUnavailable(ServiceError):
    code = "cache_unavailable"
    status = 503
    default_message = _(
        "This cannot be done right now: part of the site is briefly unavailable. "
        "Nothing was changed. Please try again in a minute."
    )


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, with reads that miss and writes that drop while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        if not self.is_down:
            logger.warning("cache %s failed, serving without the cache for %ss: %s", operation, _retry(), error)
        self._down_until = time.monotonic() + _retry()

    def _guarded(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        if self.is_down:
            return fallback
        try:
            return call()
        except FAILURES as error:
            self._failed(operation, error)
            return fallback

    def _counted(self, operation: str, call: Callable[[], T]) -> T:
        if self.is_down:
            raise CacheUnavailable()
        try:
            return call()
        except FAILURES as error:
            self._failed(operation, error)
            raise CacheUnavailable() from error

    def get(self, key, default=None, version=None):
        return self._guarded("get", lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        keys = list(data)
        return self._guarded(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), keys
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guarded("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        self._guarded("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._guarded("clear", lambda: super(ResilientRedisCache, self).clear(), None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._counted("add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def incr(self, key, delta=1, version=None):
        return self._counted("incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version))

    def ping(self) -> bool:
        """Asks Redis itself, past the pause after a failure: for /readyz."""
        answered = bool(self._cache.get_client().ping())  # type: ignore[attr-defined]
        self._down_until = 0.0
        return answered


def _retry() -> int:
    return settings.CACHE_RETRY_SECONDS


def bump_generation(key: str, cache: BaseCache | None = None) -> None:
    """Moves a cache generation on (the number cached entries carry in their keys), so
    that every entry of the old one is left to expire. While the cache is down there is
    nothing to empty, and the bump is skipped."""
    cache = caches["default"] if cache is None else cache
    with contextlib.suppress(CacheUnavailable):
        try:
            cache.incr(key)
        except ValueError:  # not there yet (or evicted): any new value starts a new generation
            cache.set(key, 1, timeout=None)


class CacheUnavailableMiddleware:
    """Turns a write refused for want of the cache into the 503 page (the API answers
    problem+json itself, through its ServiceError handler)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CacheUnavailable):
            response = render(request, "503.html", {"message": exception.message}, status=503)
            response["Retry-After"] = str(_retry() * 10)
            return response
        return None
