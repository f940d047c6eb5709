"""Prometheus metrics at /metrics (METRICS_TOKEN, sent as a bearer token; off without it).

Counted where things happen: requests by view, method and status, their duration and
database queries (MetricsMiddleware); Celery tasks by name and outcome (signals, in
the workers); emails sent and failed (CountingEmailBackend). Read when scraped, from the
database and the broker (StateCollector): queue lengths, the outbox, webhook deliveries
by state, the moderation queue, the age of the workers' and beat's heartbeats.

gunicorn runs several processes: with PROMETHEUS_MULTIPROC_DIR set (deploy/ does), each
writes its counts there and any of them answers for all; workers on the same host that
share the folder are included. A worker elsewhere serves its own with
`WORKER_METRICS_PORT` (see docs/production.md).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import time
from collections.abc import Iterator

from django.core.mail.backends.base import BaseEmailBackend
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

REQUESTS = Counter("tandem_http_requests_total", "Requests answered", ["view", "method", "status"])
DURATION = Histogram(
    "tandem_http_request_duration_seconds",
    "Time to answer a request",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
QUERIES = Counter("tandem_db_queries_total", "Database queries made while answering requests", ["view"])
TASKS = Counter("tandem_celery_tasks_total", "Celery tasks finished", ["task", "outcome"])
EMAILS = Counter("tandem_emails_total", "Emails handed to the mail server or provider", ["outcome"])


def _multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


class MetricsMiddleware:
    """Counts each request, its duration and its queries, by the view that answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "unmatched"
        DURATION.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        if counter.count:
            QUERIES.labels(view).inc(counter.count)
        return response


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class StateCollector(Collector):
    """Gauges read at scrape time; a part that does not answer is left out and logged."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for read in (self._outbox, self._webhooks, self._moderation, self._heartbeats, self._queues):
            try:
                yield from read()
            except Exception:
                logger.warning("metrics: %s could not be read", read.__name__, exc_info=True)

    def _outbox(self):
        from community import outbox

        found = outbox.backlog()
        yield GaugeMetricFamily("tandem_outbox_waiting", "Tasks waiting for the broker", value=found["waiting"])
        yield GaugeMetricFamily(
            "tandem_outbox_oldest_seconds",
            "Age of the oldest task waiting for the broker",
            value=found["oldest_seconds"],
        )

    def _webhooks(self):
        from django.db.models import Count

        from community.models import WebhookDelivery

        family = GaugeMetricFamily("tandem_webhook_deliveries", "Webhook deliveries by state", labels=["state"])
        counts = dict(WebhookDelivery.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        for state in WebhookDelivery.State.values:
            family.add_metric([state], counts.get(state, 0))
        yield family

    def _moderation(self):
        from community.moderation import queue

        yield GaugeMetricFamily(
            "tandem_moderation_waiting", "Posts waiting for a moderator", value=queue.waiting_count()
        )

    def _heartbeats(self):
        from community.operations import heartbeats

        found = heartbeats.report()
        workers = GaugeMetricFamily(
            "tandem_worker_heartbeat_age_seconds", "Seconds since each worker's last heartbeat", labels=["worker"]
        )
        for worker in found["workers"]["seen"]:
            workers.add_metric([worker["name"]], worker["seconds_ago"])
        yield workers
        if found["beat"]["seconds_ago"] is not None:
            yield GaugeMetricFamily(
                "tandem_beat_heartbeat_age_seconds",
                "Seconds since beat's last tick",
                value=found["beat"]["seconds_ago"],
            )

    def _queues(self):
        from django.conf import settings

        if settings.CELERY_BROKER_URL == settings.NO_BROKER:
            return
        family = GaugeMetricFamily("tandem_celery_queue_length", "Tasks waiting in each queue", labels=["queue"])
        for name, length in queue_lengths().items():
            family.add_metric([name], length)
        yield family


def queue_lengths() -> dict[str, int]:
    """Messages waiting in each of our queues (0 for a queue the broker has not made yet)."""
    from celery import current_app
    from django.conf import settings
    from kombu.exceptions import ChannelError

    lengths = {}
    with current_app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1, timeout=3)
        for name in settings.CELERY_QUEUE_NAMES:
            channel = connection.channel()
            try:
                lengths[name] = channel.queue_declare(queue=name, passive=True).message_count
            except ChannelError:
                lengths[name] = 0
            finally:
                with contextlib.suppress(Exception):  # a channel the broker closed on NOT_FOUND
                    channel.close()
    return lengths


def registry() -> CollectorRegistry:
    """Every process's counts (multiprocess mode) or this one's, plus the state gauges."""
    if _multiprocess():
        found = CollectorRegistry()
        multiprocess.MultiProcessCollector(found)
    else:
        found = REGISTRY
    return found


_state = StateCollector()


def render() -> bytes:
    found = registry()
    state = CollectorRegistry()
    state.register(_state)
    return generate_latest(found) + generate_latest(state)


def metrics_view(request):
    """Prometheus' scrape address: 404 unless METRICS_TOKEN is set, 401 without it."""
    from django.conf import settings
    from django.http import Http404, HttpResponse

    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(sent.encode(), token.encode()):
        response = HttpResponse("A bearer token is needed.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)


def connect_celery() -> None:
    """Tasks by name and outcome, counted in the worker that ran them."""
    from celery.signals import task_failure, task_retry, task_success, worker_ready

    @task_success.connect(weak=False)
    def _succeeded(sender=None, **_):
        TASKS.labels(sender.name, "succeeded").inc()

    @task_failure.connect(weak=False)
    def _failed(sender=None, **_):
        TASKS.labels(sender.name, "failed").inc()

    @task_retry.connect(weak=False)
    def _retried(sender=None, **_):
        TASKS.labels(sender.name, "retried").inc()

    @worker_ready.connect(weak=False)
    def _serve(**_):
        port = int(os.environ.get("WORKER_METRICS_PORT") or 0)
        if port:
            from prometheus_client import start_http_server

            start_http_server(port, addr=os.environ.get("WORKER_METRICS_ADDRESS", "127.0.0.1"), registry=registry())


class CountingEmailBackend(BaseEmailBackend):
    """The configured email backend (EMAIL_DELIVERY_BACKEND), counting what it sent."""

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        from django.conf import settings
        from django.core.mail import get_connection

        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def send_messages(self, email_messages) -> int:
        email_messages = list(email_messages)
        try:
            sent = self.inner.send_messages(email_messages) or 0
        except Exception:
            EMAILS.labels("failed").inc(len(email_messages))
            raise
        EMAILS.labels("sent").inc(sent)
        if len(email_messages) > sent:
            EMAILS.labels("failed").inc(len(email_messages) - sent)
        return sent
