"""Production settings for the fault tests' gunicorn, with one change: static files
from the plain storage, so that no collectstatic run is needed before each test."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
