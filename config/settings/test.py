"""Settings for the test suite: fast hashing, mail in memory, tasks inline."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, SILENCED_SYSTEM_CHECKS, VAR_DIR, env

SECRET_KEY = "test-only-insecure-key"  # noqa: S105 (tests only)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not env.read_str("CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif worker := os.environ.get("PYTEST_XDIST_WORKER"):
    # Tests empty the cache between them: each parallel worker gets a Redis database of its own.
    location = CACHES["default"]["LOCATION"]
    base, _, database = location.rpartition("/")
    CACHES["default"]["LOCATION"] = f"{base}/{int(database or 0) + 1 + int(worker.removeprefix('gw'))}"
# Tests see every change at once; tests/community/test_page_cache.py switches it on.
ANONYMOUS_CACHE_SECONDS = 0
SEARCH_CACHE_SECONDS = 0
# Tests run tasks inline; the worker tests switch this off for themselves.
CELERY_TASK_ALWAYS_EAGER = True
STAFF_REQUIRE_MFA = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "exports": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that threads in the concurrency tests share one database.
    DATABASES["default"]["TEST"] = {"NAME": env.read_str("TEST_SQLITE_PATH") or str(VAR_DIR / "test.sqlite3")}
# One process serves everything here, so a per-process cache counts rate limits right.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]
# Webhook receivers run on this machine here.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
