"""The resilient cache without a Redis at all: an address where nothing listens."""

from __future__ import annotations

import pytest

from community.cache import CacheUnavailable, ResilientRedisCache, bump_generation


@pytest.fixture
def dead(settings):
    settings.CACHE_RETRY_SECONDS = 30
    return ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_reads_miss_and_writes_drop(dead):
    assert dead.get("k", "default") == "default"
    assert dead.get_many(["a", "b"]) == {}
    assert dead.has_key("k") is False
    assert dead.set("k", 1) is None
    assert dead.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert dead.touch("k") is False
    assert dead.delete("k") is False
    assert dead.delete_many(["a"]) is None
    assert dead.clear() is None
    assert dead.is_down


def test_counting_refuses_instead_of_letting_everything_through(dead):
    with pytest.raises(CacheUnavailable):
        dead.add("limit", 1)
    with pytest.raises(CacheUnavailable):
        dead.incr("limit")  # asked again within the pause: refused without waiting
    bump_generation("generation", dead)  # a bump has nothing to empty


def test_ping_asks_redis_itself(dead):
    dead.get("k")
    with pytest.raises(Exception, match="Connection refused|Error"):
        dead.ping()
