"""Production: PostgreSQL, Redis, real workers, HTTPS. Refuses to start half-configured."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, STORAGES, env, logging_settings

DEBUG = env.read_bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECRET_KEY = env.read_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("django-insecure", "dev-only")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if CACHES["default"]["BACKEND"] != "community.cache.ResilientRedisCache":
    # allauth's rate limits count in the cache: a per-process cache counts per process.
    raise ImproperlyConfigured("CACHE_URL must point to Redis (redis://...) in production.")

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

SECURE_SSL_REDIRECT = env.read_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env.read_bool("BEHIND_TLS_PROXY", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.read_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Sessions are read from Redis (written through to the database): one query less on
# every signed-in request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# __Host- cookies are bound to this exact host, sent over HTTPS only, path "/".
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STAFF_REQUIRE_MFA = env.read_bool("STAFF_REQUIRE_MFA", default=True)

LOG_FORMAT = env.read_choice("LOG_FORMAT", "json", {"text", "json"})
LOG_REQUESTS = env.read_bool("LOG_REQUESTS", default=LOG_FORMAT == "json")
LOGGING = logging_settings(LOG_FORMAT, LOG_REQUESTS)

# Error reports to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is
# set; no personal data (addresses, user ids, request bodies) unless asked for.
SENTRY_DSN = env.read_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=env.read_bool("SENTRY_SEND_PERSONAL_DATA", default=False),
        environment=env.read_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env.read_int("SENTRY_TRACES_PERCENT", 0, minimum=0) / 100,
    )
