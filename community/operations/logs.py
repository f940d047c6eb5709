"""Logs an operator can search: one JSON object per line (LOG_FORMAT=json, the
production default) with the time, level and logger, the request id and member behind
it, and, inside a Celery task, the task's name, id and retries.

The request id comes from the proxy's X-Request-ID (nginx's $request_id) or is made
here, is sent back in the response, and travels with every task the request queues,
so that one search finds a request and everything it caused.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
member_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("member_id", default=None)

HEADER = "X-Request-ID"
TASK_HEADER = "tandem_request_id"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
# gunicorn's access log passes its "atoms" as the record's args; these become fields.
_ACCESS_ATOMS = {"m": "method", "U": "path", "s": "status", "M": "duration_ms", "b": "bytes", "h": "remote"}


def new_request_id() -> str:
    return uuid.uuid4().hex


class ContextFilter(logging.Filter):
    """Adds the request, member and task a record belongs to (fields left out when none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (current := request_id.get()) is not None and not hasattr(record, "request_id"):
            record.request_id = current
        if (member := member_id.get()) is not None and not hasattr(record, "member_id"):
            record.member_id = member
        task = _current_task()
        if task is not None and task.request.id:
            record.task_name = task.name
            record.task_id = task.request.id
            record.task_retries = task.request.retries
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            for atom, field in _ACCESS_ATOMS.items():
                if atom in atoms:
                    setattr(record, field, atoms[atom])
            record.request_id = atoms.get("{x-request-id}o") or atoms.get("{x-request-id}i") or None
        return True


def _current_task() -> Any:
    try:
        from celery import current_task
    except ImportError:  # gunicorn's master loads this module before any app
        return None
    return current_task if current_task and not current_task.request.called_directly else None


class JsonFormatter(_JsonFormatter):
    """python-json-logger, with our field names; the time in UTC, ISO 8601."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("reserved_attrs", [*_RESERVED, "color_message"])
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in log_data.items() if value is not None}


# The LogRecord attributes that are not fields; args too (gunicorn's atoms are picked above).
_RESERVED = [
    "args", "created", "exc_info", "exc_text", "filename", "funcName", "levelno", "lineno", "module", "msecs",
    "msg", "pathname", "process", "processName", "relativeCreated", "stack_info", "thread", "threadName",
    "taskName",
]  # fmt: skip


class RequestLogMiddleware:
    """Gives every request its id, and writes one line when it is answered: path, view,
    status, duration, member (settings.LOG_REQUESTS)."""

    logger = logging.getLogger("tandem.request")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        offered = request.headers.get(HEADER, "")
        rid = offered if _WELL_FORMED.match(offered) else new_request_id()
        request.request_id = rid
        token = request_id.set(rid)
        member_token = member_id.set(None)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            # Only a member the request already loaded: loading one here could ask a
            # database that is down and turn a clear 503 into a 500.
            user = getattr(request, "_cached_user", None)
            if user is not None and user.is_authenticated:
                member_id.set(user.pk)
            response[HEADER] = rid
            if settings.LOG_REQUESTS:
                self._log(request, response.status_code, started)
            return response
        finally:
            request_id.reset(token)
            member_id.reset(member_token)

    def _log(self, request, status: int, started: float) -> None:
        from community.operations.client import client_ip

        match = getattr(request, "resolver_match", None)
        self.logger.info(
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "view": match.view_name if match else None,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "client": client_ip(request),
                "api_key": f"tdm_{key.prefix}" if (key := getattr(request, "api_key", None)) else None,
            },
        )


def connect_celery() -> None:
    """The request id rides along in each task's headers and is restored while it runs."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    @before_task_publish.connect(weak=False)
    def _send_request_id(headers=None, **_):
        current = request_id.get()
        if current is not None and headers is not None:
            headers.setdefault(TASK_HEADER, current)

    @task_prerun.connect(weak=False)
    def _restore_request_id(task=None, **_):
        found = getattr(task.request, TASK_HEADER, None) if task is not None else None
        if found is None and task is not None:
            found = (task.request.headers or {}).get(TASK_HEADER) if isinstance(task.request.headers, dict) else None
        task.request.tandem_token = request_id.set(found) if found else None

    @task_postrun.connect(weak=False)
    def _forget_request_id(task=None, **_):
        token = getattr(task.request, "tandem_token", None) if task is not None else None
        if token is not None:
            request_id.reset(token)
