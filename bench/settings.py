"""Production settings as the load test runs them: the same middleware, cache and
database, plus the bare view (bench/urls.py) that shows the framework's own limit."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
