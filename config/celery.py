"""The Celery app. Tasks are found in each app's tasks.py; without CELERY_BROKER_URL
they run eagerly (see settings). Workers and beat log through Django's LOGGING (JSON in
production), write heartbeats (community.operations.heartbeats), count their tasks for
the metrics and carry the request id of the request that queued a task."""

import logging
import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("tandem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _use_django_logging(loglevel=None, logfile=None, **_kwargs) -> None:
    """The worker's lines in the format the web nodes write; --logfile is honoured."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    root = logging.getLogger()
    if logfile:
        console = root.handlers[0]
        handler = logging.FileHandler(logfile)
        handler.setFormatter(console.formatter)
        for found in console.filters:
            handler.addFilter(found)
        root.handlers = [handler]
    if loglevel:
        root.setLevel(loglevel)


def _connect() -> None:
    from community.operations import logs, metrics  # neither needs the app registry

    logs.connect_celery()
    metrics.connect_celery()
    # By name: the step's module reads the models, loaded only once the worker starts.
    app.steps["worker"].add("community.operations.heartbeats:WorkerHeartbeat")


_connect()
