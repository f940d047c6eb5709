"""JSON log lines with the request id, member and task they belong to."""

from __future__ import annotations

import io
import json
import logging

import pytest

from community.operations import logs


def json_line(record_logger: str, message: str, **extra) -> dict:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.ContextFilter())
    target = logging.getLogger(record_logger)
    target.addHandler(handler)
    try:
        target.warning(message, extra=extra)
    finally:
        target.removeHandler(handler)
    return json.loads(stream.getvalue())


def test_a_line_is_one_json_object_with_time_level_logger_and_the_request():
    token = logs.request_id.set("abc123def456")
    member = logs.member_id.set(42)
    try:
        line = json_line("tandem.test", "something happened", path="/ideas/")
    finally:
        logs.request_id.reset(token)
        logs.member_id.reset(member)
    assert line["level"] == "WARNING"
    assert line["logger"] == "tandem.test"
    assert line["message"] == "something happened"
    assert line["request_id"] == "abc123def456"
    assert line["member_id"] == 42
    assert line["path"] == "/ideas/"
    assert line["time"].endswith("+00:00")
    assert "args" not in line and "msg" not in line


def test_gunicorns_access_atoms_become_fields():
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(h)s %(s)s",
        {"h": "127.0.0.1", "m": "GET", "U": "/ideas/", "s": "200", "M": 12, "{x-request-id}o": "feedc0ffee00"}, None,
    )  # fmt: skip
    logs.ContextFilter().filter(record)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "127.0.0.1 200"
    assert (line["method"], line["path"], line["status"], line["duration_ms"]) == ("GET", "/ideas/", "200", 12)
    assert line["request_id"] == "feedc0ffee00"


@pytest.mark.django_db
def test_every_answer_carries_a_request_id_and_one_log_line(client, settings, board, member, caplog):
    settings.LOG_REQUESTS = True
    client.force_login(member)
    with caplog.at_level(logging.INFO, logger="tandem.request"):
        response = client.get("/ideas/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
        made_here = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"
    assert len(made_here["X-Request-ID"]) == 32 and " " not in made_here["X-Request-ID"]
    lines = [record for record in caplog.records if record.name == "tandem.request"]
    line = next(record for record in lines if record.path == "/ideas/")
    assert line.status == 200
    assert line.request_id == "nginx-0123456789abcdef"
    assert line.member_id == member.pk
    assert line.duration_ms >= 0
    assert line.method == "GET"


def test_the_request_id_rides_along_in_task_headers():
    from celery.signals import before_task_publish

    logs.connect_celery()
    token = logs.request_id.set("req-0123456789")
    headers: dict = {}
    try:
        before_task_publish.send(sender="community.tasks.drain_outbox", headers=headers, body=None)
    finally:
        logs.request_id.reset(token)
    assert headers[logs.TASK_HEADER] == "req-0123456789"
