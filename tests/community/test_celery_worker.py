"""A real Celery worker on the real broker: the path production takes.

Runs when CELERY_BROKER_URL is set (`.ci/run` sets it to the local Redis); the worker
is started here, on a queue of its own, against this test run's database.
"""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from community.models import User
from community.tasks import send_welcome_email
from config.celery import app
from tests.factories import MemberFactory
from tests.faults.worker import ROOT, database_url, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        settings.CELERY_BROKER_URL == settings.NO_BROKER, reason="needs CELERY_BROKER_URL (a real broker)"
    ),
]


@pytest.fixture
def worker(tmp_path):
    """A `celery worker` process on a fresh queue, mailing into tmp_path/mail."""
    queue = f"tandem-test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": f"filemail:///{mail_dir}",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            f"--logfile={log}",
        ],
        cwd=ROOT,
        env=env,
    )
    app.conf.task_always_eager = False
    try:
        yield queue, mail_dir, log
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)
        if log.exists():
            sys.stdout.write(log.read_text())  # pytest shows it when the test fails


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_the_welcome_email_once_even_when_queued_twice(worker):
    queue, mail_dir, log = worker
    member = MemberFactory(display_name="Katherine")

    send_welcome_email.apply_async((member.pk, "en"), queue=queue)
    send_welcome_email.apply_async((member.pk, "en"), queue=queue)

    assert wait_for(lambda: log.exists() and log.read_text().count("succeeded in") == 2)
    assert "succeeded in" in log.read_text() and ": True" in log.read_text() and ": False" in log.read_text()
    assert User.objects.get(pk=member.pk).welcome_email_sent_at is not None
    sent = [path.read_text() for path in mail_dir.iterdir()]
    assert len(sent) == 1
    assert "Subject: Welcome to the community, Katherine" in sent[0]
    assert f"To: {member.email}" in sent[0]
