"""Settings read from the environment: production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GOOD_PRODUCTION_ENV = {
    "SECRET_KEY": "p" * 20 + "r0duct10n-k3y-w1th-3n0ugh-3ntr0py-" + "x" * 20,
    "ALLOWED_HOSTS": "community.example.org",
    "DATABASE_URL": "postgres://tandem@db.internal:5432/tandem",
    "CACHE_URL": "redis://cache.internal:6379/1",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
}


LOCAL_ONLY_VARIABLES = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_python(code: str, settings_module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in LOCAL_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(settings_module: str, names: list[str], **env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = run_python(code, settings_module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_a_real_secret_key():
    for key in ["", "short", "dev-only-insecure-key-for-make-run-never-for-production-1234567890"]:
        result = run_python(
            "import django; django.setup()", "config.settings.production", **{**GOOD_PRODUCTION_ENV, "SECRET_KEY": key}
        )

        assert result.returncode != 0
        assert "SECRET_KEY must be set to a random value" in result.stderr


def test_production_refuses_a_per_process_cache():
    env = {**GOOD_PRODUCTION_ENV, "CACHE_URL": "locmemcache://"}

    result = run_python("import django; django.setup()", "config.settings.production", **env)

    assert result.returncode != 0
    assert "CACHE_URL must point to Redis" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("CELERY_VISIBILITY_TIMEOUT", "soon", "CELERY_VISIBILITY_TIMEOUT must be a whole number"),
        ("DATABASE_URL", "mysql://root@localhost/tandem", "DATABASE_URL must be a sqlite:// or postgres:// URL"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT must be one of json, text"),
        ("STORAGE_BACKEND", "ftp", "STORAGE_BACKEND must be one of local, s3"),
        ("STORAGE_BACKEND", "s3", "STORAGE_BACKEND=s3 needs S3_BUCKET"),
        ("SEARCH_ENGINE", "solr", "SEARCH_ENGINE must be one of elasticsearch, opensearch"),
    ],
)
def test_a_bad_environment_value_stops_start_up_and_names_the_variable(name, value, message):
    result = run_python("import django; django.setup()", "config.settings.dev", **{name: value})

    assert result.returncode != 0
    assert message in result.stderr


def test_production_turns_on_https_hsts_and_host_only_cookies():
    values = load_settings(
        "config.settings.production",
        [
            "DEBUG",
            "SECURE_HSTS_SECONDS",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_NAME",
            "CSRF_COOKIE_NAME",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SECURE_REFERRER_POLICY",
            "CACHES",
            "CELERY_TASK_ALWAYS_EAGER",
            "STAFF_REQUIRE_MFA",
        ],
        **GOOD_PRODUCTION_ENV,
    )

    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["CACHES"]["default"]["BACKEND"] == "community.cache.ResilientRedisCache"
    assert values["CACHES"]["default"]["OPTIONS"]["socket_timeout"] <= 1
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["STAFF_REQUIRE_MFA"] is True


def test_production_reads_sessions_from_redis_and_keeps_them_in_the_database():
    """One query less on every signed-in request; a Redis restart signs nobody out."""
    values = load_settings("config.settings.production", ["SESSION_ENGINE"], **GOOD_PRODUCTION_ENV)

    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_check_deploy_under_production_settings_prints_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in LOCAL_ONLY_VARIABLES},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **GOOD_PRODUCTION_ENV,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_object_storage_holds_uploads_and_private_exports_with_signed_links():
    values = load_settings(
        "config.settings.dev",
        ["STORAGES"],
        STORAGE_BACKEND="s3",
        S3_BUCKET="tandem",
        S3_ENDPOINT_URL="https://s3.example.org",
    )
    media, exports = values["STORAGES"]["default"], values["STORAGES"]["exports"]
    assert media["BACKEND"] == exports["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (media["OPTIONS"]["location"], exports["OPTIONS"]["location"]) == ("media", "private")
    assert exports["OPTIONS"]["querystring_auth"] is True
    assert exports["OPTIONS"]["querystring_expire"] == 300
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.example.org"


def test_production_logs_json_lines_by_default():
    values = load_settings("config.settings.production", ["LOGGING", "LOG_REQUESTS"], **GOOD_PRODUCTION_ENV)
    assert values["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert values["LOG_REQUESTS"] is True


def test_the_search_cluster_is_chosen_by_kind_and_the_older_names_still_count():
    names = ["SEARCH_ENGINE", "SEARCH_URL", "SEARCH_TIMEOUT", "SEARCH_CA_CERTS"]
    opensearch = load_settings(
        "config.settings.dev",
        names,
        SEARCH_ENGINE="opensearch",
        SEARCH_URL="https://search.internal:9200",
        SEARCH_CA_CERTS="/etc/tandem/search-ca.pem",
    )
    older = load_settings(
        "config.settings.dev", names, ELASTICSEARCH_URL="http://es:9200", ELASTICSEARCH_TIMEOUT_SECONDS="5"
    )

    assert opensearch == {
        "SEARCH_ENGINE": "opensearch",
        "SEARCH_URL": "https://search.internal:9200",
        "SEARCH_TIMEOUT": 2,
        "SEARCH_CA_CERTS": "/etc/tandem/search-ca.pem",
    }
    assert older == {
        "SEARCH_ENGINE": "elasticsearch",
        "SEARCH_URL": "http://es:9200",
        "SEARCH_TIMEOUT": 5,
        "SEARCH_CA_CERTS": "",
    }


def test_the_embedded_defaults_need_no_environment():
    values = load_settings(
        "config.settings.dev", ["DATABASES", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_DELIVERY_BACKEND", "DEBUG"]
    )

    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["EMAIL_DELIVERY_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_the_database_connection_is_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_opens_write_transactions_immediately():
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] >= 5


def test_celery_does_not_lose_a_task_with_its_worker():
    from config.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] <= 3600


def test_every_scheduled_task_exists():
    from config.celery import app

    app.loader.import_default_modules()

    assert settings.CELERY_BEAT_SCHEDULE
    assert all(entry["task"] in app.tasks for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_a_connection_pool_and_pgbouncer_are_settings_away():
    values = load_settings(
        "config.settings.dev",
        ["DATABASES"],
        DATABASE_URL="postgres://tandem@db.internal:5432/tandem",
        DATABASE_POOL="true",
        DATABASE_POOL_MAX_SIZE="20",
        DATABASE_BEHIND_PGBOUNCER="true",
    )
    database = values["DATABASES"]["default"]
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 20, "timeout": 10}
    assert database["CONN_MAX_AGE"] == 0  # a pool and persistent connections exclude each other
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"]["prepare_threshold"] is None


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the pool is psycopg's: PostgreSQL"
)
def test_the_pool_serves_queries_from_several_threads():
    code = """
import django
django.setup()
from concurrent.futures import ThreadPoolExecutor
from django.db import connection, connections

def ask(_):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        value = cursor.fetchone()[0]
    connections.close_all()  # gives the connection back to the pool
    return value

print(sum(ThreadPoolExecutor(8).map(ask, range(40))), connection.pool is not None)
"""
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    result = run_python(code, "config.settings.dev", DATABASE_URL=server, DATABASE_POOL="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["40", "True"]


def test_error_reports_go_to_sentry_without_personal_data_when_a_dsn_is_set():
    code = (
        "import django; django.setup(); import sentry_sdk; client = sentry_sdk.get_client();"
        "print(client.is_active(), client.options['send_default_pii'], sorted(client.integrations)[:0] == [],"
        " 'django' in client.integrations, 'celery' in client.integrations)"
    )
    env = {**GOOD_PRODUCTION_ENV, "SENTRY_DSN": "https://public@sentry.example.org/1"}
    result = run_python(code, "config.settings.production", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == ["True", "False", "True", "True", "True"]
