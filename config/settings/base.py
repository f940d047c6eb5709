"""Settings shared by every environment. Environment values are read here once,
through config.env, so that a bad value stops start-up with its name."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"

DEBUG = env.read_bool("DEBUG", default=False)
SECRET_KEY = env.read_str("SECRET_KEY")
ALLOWED_HOSTS = env.read_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.read_list("CSRF_TRUSTED_ORIGINS", [])
BASE_URL = env.read_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The first staff account seed_demo creates (a generated password is printed once when none is given).
ADMIN_EMAIL = env.read_str("ADMIN_EMAIL")
ADMIN_PASSWORD = env.read_str("ADMIN_PASSWORD")

INSTALLED_APPS = [
    "community",
    "search",
    "reviews",
    "ideas",
    "changelog",
    "triage",
    "widget",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    # The company's own identity provider (Keycloak, Entra ID, Okta, Auth0), several allowed.
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "django_ratelimit",
    "anymail",
    "ninja",  # serves the API docs' scripts from our own static files, not a CDN
    "wagtail.contrib.routable_page",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: every answer, redirects and errors included, carries the request's id.
    "community.operations.logs.RequestLogMiddleware",
    "community.operations.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's sessions, and the widget's own in a partitioned cookie under /widget/.
    "widget.sessions.PartitionedSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Errors under /api/ as problem documents, in the language LocaleMiddleware chose.
    "community.api.ApiProblemMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Writes made with an API key, recorded against the key once they are answered.
    "community.keys.middleware.KeyUseMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A write refused because its rate limit cannot be counted: the 503 page.
    "community.cache.CacheUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSP: a social sign-in page may send its form on to the provider's origin.
    "community.identity.csp.ProviderFormActionMiddleware",
    # After locale, CSRF and CSP: they finish the pages it serves to anonymous readers.
    "community.page_cache.AnonymousPageCacheMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "community.members.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.read_database_url("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes concurrent writers queue for the lock (up to `timeout` seconds)
    # instead of failing with "database is locked"; WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.read_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("OPTIONS", {})
    if env.read_bool("DATABASE_POOL", default=False):
        # psycopg's pool in each process (Django 5.1+): threads borrow a connection per
        # request instead of each keeping one; connections then must not persist.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.read_int("DATABASE_POOL_MIN_SIZE", 2, minimum=0),
            "max_size": env.read_int("DATABASE_POOL_MAX_SIZE", 10, minimum=1),
            "timeout": env.read_int("DATABASE_POOL_TIMEOUT_SECONDS", 10, minimum=1),
        }
    if env.read_bool("DATABASE_BEHIND_PGBOUNCER", default=False):
        # PgBouncer in transaction mode hands each transaction to any server connection:
        # no cursors that outlive a transaction, no prepared statements kept by name.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth rate limits live here) ----------------------------------------

CACHES = {"default": env.read_cache_url("CACHE_URL", "locmemcache://")}
# A Redis that stops answering must cost a request a fraction of a second, not a hang:
# community.cache serves without it meanwhile and asks again after CACHE_RETRY_SECONDS.
CACHE_TIMEOUT_SECONDS = env.read_int("CACHE_TIMEOUT_MILLISECONDS", 250, minimum=10) / 1000
CACHE_RETRY_SECONDS = env.read_int("CACHE_RETRY_SECONDS", 2, minimum=1)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "community.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": CACHE_TIMEOUT_SECONDS, "socket_timeout": CACHE_TIMEOUT_SECONDS}
    )

# --- Accounts ----------------------------------------------------------------------

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    # Axes must come first so that a locked-out sign-in never reaches a real backend.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "community.members.forms.SignupForm"
ACCOUNT_ADAPTER = "community.members.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The emailed link confirms the address at once and, in the browser that signed up,
# signs the member in (allauth does so only for the session that signed up: the link
# alone is never a way in).
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's defaults, stated so that nobody switches them off by accident; failed
# sign-ins are counted per IP only: a limit per address (allauth's "5/300s/key") would
# let anyone lock its owner out. Per (address, IP) django-axes locks below, and an
# address failed from everywhere asks for an emailed code (community.members.security).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,100/h/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/180s/key",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_QUERY_EMAIL = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tandem"
# Staff must protect their accounts with a second factor before using the admin.
STAFF_REQUIRE_MFA = env.read_bool("STAFF_REQUIRE_MFA", default=True)

# django-axes: lock (email, IP) after five failures, on the site and the admin alike.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env.read_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "community.members.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# Reverse proxies in front of the app: the client's address is read from X-Forwarded-For
# this many hops from the right, by allauth, axes, the write limits and the consent log
# alike (community.operations.client).
PROXY_COUNT = env.read_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "community.operations.client.client_ip"
RATELIMIT_IP_META_KEY = "community.operations.client.client_ip"
# After this many failures for one address from all IPs within AXES_COOLOFF_TIME, the
# right password is not enough: allauth emails a sign-in code to the address as well.
SIGNIN_CODE_AFTER_FAILURES = env.read_int("SIGNIN_CODE_AFTER_FAILURES", 10, minimum=1)

# Anonymous readers share the board, idea, product pages and read API for this long
# (community.page_cache); content changes empty it at once, vote counts wait for it. 0: off.
ANONYMOUS_CACHE_SECONDS = env.read_int("ANONYMOUS_CACHE_SECONDS", 5, minimum=0)

# A search asked again within this long is answered from the cache until the index
# changes (search.interface). 0: off.
SEARCH_CACHE_SECONDS = env.read_int("SEARCH_CACHE_SECONDS", 60, minimum=0)

# Secrets Tandem reads again (connected apps' signing secrets) are encrypted at rest with
# these Fernet keys, newest first (community.crypto); unset, a key derived from SECRET_KEY.
ENCRYPTION_KEYS = env.read_list("ENCRYPTION_KEYS", [])
# Customer single sign-on (community.identity): the longest a company's token may live,
# and the clock difference tolerated between the company's server and ours.
SSO_MAX_TOKEN_SECONDS = env.read_int("SSO_MAX_TOKEN_SECONDS", 900, minimum=60)
SSO_CLOCK_LEEWAY_SECONDS = env.read_int("SSO_CLOCK_LEEWAY_SECONDS", 30)

# Writes by members (ideas, votes, comments, follows): per member, or per IP when signed out.
# Calls one API key may make (each key counts on its own, in the shared cache).
API_KEY_RATE_LIMIT = env.read_str("API_KEY_RATE_LIMIT", "600/h")
WRITE_RATE_LIMIT = env.read_str("WRITE_RATE_LIMIT", "30/m")
RATELIMIT_VIEW = "community.ratelimits.too_many_requests"
# django-ratelimit 4.1 predates Django's own RedisCache and calls it "not officially
# supported"; its incr() is Redis INCR, atomic, which is all the counting needs.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- Email -------------------------------------------------------------------------

_email = env.read_email_url("EMAIL_URL", "consolemail://")
# Every email goes through a backend that counts it for the metrics and hands it on
# to the one EMAIL_URL names.
EMAIL_BACKEND = "community.operations.metrics.CountingEmailBackend"
EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
# An email provider's API instead of SMTP (django-anymail): EMAIL_PROVIDER=postmark,
# mailgun, sendgrid, amazon_ses, brevo, ...; its settings as ANYMAIL_<NAME> variables
# (ANYMAIL_POSTMARK_SERVER_TOKEN, ANYMAIL_WEBHOOK_SECRET, ...). The provider's bounce and
# complaint webhook is /email/provider/<provider>/tracking/ (community.notifications.bounces).
EMAIL_PROVIDER = env.read_str("EMAIL_PROVIDER")
if EMAIL_PROVIDER:
    EMAIL_DELIVERY_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
ANYMAIL = env.read_prefixed("ANYMAIL_")
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"] or None
DEFAULT_FROM_EMAIL = env.read_str("DEFAULT_FROM_EMAIL", "Tandem <community@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that hangs gives up after this long (Django's SMTP backend).
EMAIL_TIMEOUT = env.read_int("EMAIL_TIMEOUT_SECONDS", 20, minimum=1)
# An email claimed this long ago and not marked sent was lost with its worker and is
# sent again (community.notifications.services); longer than any one send can take.
EMAIL_CLAIM_SECONDS = env.read_int("EMAIL_CLAIM_SECONDS", 60, minimum=1)
# Emails per task in a notification round; each batch is one short task.
NOTIFICATION_EMAIL_BATCH = env.read_int("NOTIFICATION_EMAIL_BATCH", 100, minimum=1)

# --- Celery --------------------------------------------------------------------------

NO_BROKER = "memory://"
CELERY_BROKER_URL = env.read_str("CELERY_BROKER_URL") or NO_BROKER
# Without a broker every task runs inline, in the request that queued it.
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == NO_BROKER
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis re-delivers an unacknowledged task after this long; Celery's default (one
# hour) would leave a task lost with its worker waiting that long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.read_int("CELERY_VISIBILITY_TIMEOUT", 900, minimum=60),
    "socket_connect_timeout": 1,
}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that cannot reach the broker gives up within about a second: what it
# wanted queued waits in the outbox (community.outbox), the write is answered.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# The sweep leaves younger entries to the request that is handing them on.
OUTBOX_SETTLE_SECONDS = env.read_int("OUTBOX_SETTLE_SECONDS", 30, minimum=0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# One queue per kind of work, so that a slow webhook receiver or a digest round never
# holds up a password reset or a notification (docs/production.md: a worker per queue).
CELERY_QUEUE_NAMES = ["default", "email", "webhooks", "search", "digests"]
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "community.tasks.send_welcome_email": {"queue": "email"},
    "community.tasks.send_notification_emails": {"queue": "email"},
    "changelog.tasks.send_confirmation": {"queue": "email"},
    "changelog.tasks.send_release_emails": {"queue": "digests"},
    "community.tasks.*_digests": {"queue": "digests"},
    "community.tasks.deliver_webhook": {"queue": "webhooks"},
    "community.tasks.retry_webhooks": {"queue": "webhooks"},
    # Calls to other companies' servers, like webhooks: a slow one never holds up email.
    "community.tasks.fetch_avatar": {"queue": "webhooks"},
    "triage.tasks.run_tracker_request": {"queue": "webhooks"},
    "triage.tasks.retry_tracker_requests": {"queue": "webhooks"},
    "triage.tasks.poll_trackers": {"queue": "webhooks"},
    "search.tasks.*": {"queue": "search"},
}
# Workers and beat write a heartbeat this often; one not seen for the late limit is
# reported down by /readyz (community.operations.heartbeats).
HEARTBEAT_SECONDS = env.read_int("HEARTBEAT_SECONDS", 15, minimum=1)
HEARTBEAT_LATE_SECONDS = env.read_int("HEARTBEAT_LATE_SECONDS", 45, minimum=2)
CELERY_BEAT_SCHEDULER = "community.operations.heartbeats.RecordingScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = env.read_str("CELERY_BEAT_SCHEDULE_FILENAME", str(VAR_DIR / "celerybeat-schedule"))
CELERY_TIMEZONE = "UTC"
# The worker logs through LOGGING above (JSON in production, with task name, id, retries).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Run by `celery -A config beat` (exactly one in production).
CELERY_BEAT_SCHEDULE = {
    "refresh-trend-scores": {"task": "ideas.tasks.refresh_trend_scores", "schedule": 3600},
    "refresh-search-popularity": {"task": "search.tasks.refresh_popularity", "schedule": 900},
    "daily-digests": {
        "task": "community.tasks.start_digests",
        "schedule": crontab(hour=6, minute=0),
        "args": ["daily"],
    },
    "weekly-digests": {
        "task": "community.tasks.start_digests",
        "schedule": crontab(hour=6, minute=0, day_of_week="mon"),
        "args": ["weekly"],
    },
    "resume-digests": {"task": "community.tasks.resume_digests", "schedule": 600},
    "remove-expired-exports": {"task": "community.tasks.remove_expired_exports", "schedule": 3600},
    "recompute-archetypes": {"task": "community.tasks.recompute_archetypes", "schedule": crontab(hour=3, minute=30)},
    "retry-webhooks": {"task": "community.tasks.retry_webhooks", "schedule": 60},
    "check-moderation-overdue": {"task": "community.tasks.check_moderation_overdue", "schedule": 900},
    "weekly-summary": {
        "task": "triage.tasks.send_weekly_summary",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    "retry-tracker-requests": {"task": "triage.tasks.retry_tracker_requests", "schedule": 60},
    "poll-trackers": {"task": "triage.tasks.poll_trackers", "schedule": 60},
    "drain-outbox": {"task": "community.tasks.drain_outbox", "schedule": 30},
    "resend-stalled-emails": {"task": "community.tasks.resend_stalled_emails", "schedule": 30},
    "resend-stalled-release-emails": {"task": "changelog.tasks.resend_stalled_release_emails", "schedule": 60},
    "apply-retention": {"task": "community.tasks.apply_retention", "schedule": crontab(hour=4, minute=15)},
}

# Retention (community.operations.retention, daily): days after which these go; 0 keeps
# them. Sign-in logs must outlive AXES_COOLOFF_MINUTES, so at least a day.
RETENTION_READ_NOTIFICATIONS_DAYS = env.read_int("RETENTION_READ_NOTIFICATIONS_DAYS", 180)
RETENTION_WEBHOOK_DELIVERIES_DAYS = env.read_int("RETENTION_WEBHOOK_DELIVERIES_DAYS", 90)
RETENTION_SIGN_IN_LOG_DAYS = env.read_int("RETENTION_SIGN_IN_LOG_DAYS", 90, minimum=1)
RETENTION_FAILED_EXPORTS_DAYS = env.read_int("RETENTION_FAILED_EXPORTS_DAYS", 30)
RETENTION_CONSENT_ADDRESS_DAYS = env.read_int("RETENTION_CONSENT_ADDRESS_DAYS", 365)
RETENTION_API_KEY_USES_DAYS = env.read_int("RETENTION_API_KEY_USES_DAYS", 180)

# Prometheus metrics at /metrics for a scraper that sends this bearer token; off when empty.
METRICS_TOKEN = env.read_str("METRICS_TOKEN")

# Outgoing webhooks go to public addresses only; dev and tests receive them on this machine.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.read_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False)

# Wagtail queues its own background work (reference index, search index updates)
# through django-tasks. Running it immediately is what we want; Celery carries ours.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Search ----------------------------------------------------------------------------

# The database answers searches unless SEARCH_URL names a cluster of SEARCH_ENGINE's
# kind (Elasticsearch 8, or OpenSearch 2/3 through its own client); when the cluster
# fails, the database answers again (see search/interface.py). ELASTICSEARCH_URL and
# ELASTICSEARCH_TIMEOUT_SECONDS are the older names, still read.
SEARCH_URL = env.read_str("SEARCH_URL") or env.read_str("ELASTICSEARCH_URL")
SEARCH_ENGINE = env.read_choice("SEARCH_ENGINE", "elasticsearch", {"elasticsearch", "opensearch"})
SEARCH_TIMEOUT = env.read_int(
    "SEARCH_TIMEOUT_SECONDS", env.read_int("ELASTICSEARCH_TIMEOUT_SECONDS", 2, minimum=1), minimum=1
)
# The certificate authority of a cluster with its own (OpenSearch's demo set-up, a
# company CA); empty: the system's.
SEARCH_CA_CERTS = env.read_str("SEARCH_CA_CERTS")
# A dotted path to another transport node class for the Elasticsearch client; the
# tests use one that speaks plain JSON to the in-memory server. Not for production.
ELASTICSEARCH_NODE_CLASS = ""
SEARCH_INDEX_PREFIX = env.read_str("SEARCH_INDEX_PREFIX", "tandem")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Internationalisation ------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # The brand fonts, made from their packages on first use (community.branding.fonts).
    "community.branding.fonts.FontFinder",
]
FONTS_ROOT = env.read_str("FONTS_ROOT") or str(VAR_DIR / "fonts")
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads (avatars, the logo, images, documents) go to "default"; members' data exports
# to "exports", which is never public: a download is checked by the app and then served
# by it (local files) or handed to the storage as a signed link that expires (S3).
# STORAGE_BACKEND=s3 puts both into an S3-compatible bucket (AWS, MinIO, Ceph, R2...),
# so that web nodes and workers on different hosts see the same files.
STORAGE_BACKEND = env.read_choice("STORAGE_BACKEND", "local", {"local", "s3"})
EXPORTS_ROOT = VAR_DIR / "private"
EXPORT_LINK_SECONDS = env.read_int("EXPORT_LINK_SECONDS", 300, minimum=10)
if STORAGE_BACKEND == "s3":
    _s3 = {
        "bucket_name": env.read_str("S3_BUCKET"),
        "endpoint_url": env.read_str("S3_ENDPOINT_URL") or None,
        "region_name": env.read_str("S3_REGION") or None,
        "access_key": env.read_str("S3_ACCESS_KEY_ID") or None,  # else boto3's own (an instance role, say)
        "secret_key": env.read_str("S3_SECRET_ACCESS_KEY") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,  # the bucket's policy decides; objects are private by default
    }
    if not _s3["bucket_name"]:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    _media_public = env.read_bool("S3_MEDIA_PUBLIC", default=False)
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "location": "media",
                # A public bucket (or a CDN in front: S3_MEDIA_DOMAIN) gives plain links;
                # else every link to an upload is signed for an hour.
                "querystring_auth": not _media_public,
                "custom_domain": env.read_str("S3_MEDIA_DOMAIN") or None,
            },
        },
        "exports": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": EXPORT_LINK_SECONDS,
            },
        },
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "exports": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": EXPORTS_ROOT}},
    }
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# --- Wagtail -------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Tandem"
WAGTAILADMIN_BASE_URL = BASE_URL
# Staff sign in through allauth as well, so the admin gets MFA and the lockout too.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False  # one password reset, allauth's, rate-limited
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are uploaded or drawn from initials: the admin asks no outside service
# (Gravatar) about who works here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Security headers ----------------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    # The Wagtail admin ships inline scripts and styles of its own.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# "json" (production's default): one JSON object per line with the request id, member
# and task (community.operations.logs); "text": plain lines for a terminal.
LOG_FORMAT = env.read_choice("LOG_FORMAT", "text", {"text", "json"})
# One line per answered request (logger tandem.request); runserver writes its own.
LOG_REQUESTS = env.read_bool("LOG_REQUESTS", default=LOG_FORMAT == "json")


def logging_settings(log_format: str, log_requests: bool) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "community.operations.logs.ContextFilter"}},
        "formatters": {
            "json": {"()": "community.operations.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]}},
        "root": {"handlers": ["console"], "level": env.read_str("LOG_LEVEL", "INFO")},
        "loggers": {
            "axes": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
            # The search clients' line per request (the metrics count requests).
            "elastic_transport": {"level": "WARNING"},
            "opensearch": {"level": "WARNING"},
            "opensearchpy": {"level": "WARNING"},
            # Django's own line per 4xx: the request log says it, with the request id.
            "django.request": {"level": "ERROR" if log_requests else "WARNING"},
        },
    }


LOGGING = logging_settings(LOG_FORMAT, LOG_REQUESTS)
