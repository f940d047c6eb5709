"""A real `celery worker` process for a test: this run's database, a broker of the
test's choosing, mail written into a folder (one file per message)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    def __init__(self, broker_url: str, folder: Path, *, settings_module: str = "config.settings.dev", **env: str):
        self.broker_url = broker_url
        self.mail = folder / "mail"
        self.mail.mkdir(exist_ok=True)
        self.log = folder / "worker.log"
        self.settings_module = settings_module
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self, queue: str = "") -> None:
        """Consumes queue (comma-separated), or every queue of settings.CELERY_QUEUE_NAMES."""
        from django.conf import settings

        queue = queue or ",".join(settings.CELERY_QUEUE_NAMES)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DEBUG": "false",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "EMAIL_URL": f"filemail:///{self.mail}",
            **self.env,
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue]
        command += ["-n", f"{queue.replace(',', '+')}-{os.getpid()}-{id(self)}@%h"]
        self.process = subprocess.Popen(
            [*command, "--loglevel=INFO", f"--logfile={self.log}", "--without-mingle", "--without-gossip"],
            cwd=ROOT,
            env=env,
        )

    def kill(self) -> None:
        """As the out-of-memory killer would: no chance to finish or acknowledge."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def messages(self) -> list[str]:
        """Every message written, one per file (Django's file backend, one send each)."""
        return [path.read_text() for path in sorted(self.mail.iterdir())]

    def received(self) -> dict[str, Counter]:
        """For each recipient: how often each Message-ID reached them."""
        found: dict[str, Counter] = {}
        for text in self.messages():
            for message in text.split("-" * 79):
                to = re.search(r"^To: (.+)$", message, re.MULTILINE)
                message_id = re.search(r"^Message-ID: (.+)$", message, re.MULTILINE)
                if to and message_id:
                    found.setdefault(to.group(1).strip(), Counter())[message_id.group(1).strip()] += 1
        return found


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def real_worker_marks() -> list:
    """The marks of a test that starts real workers: the real-services pass only, with
    committed rows the workers can see."""
    import pytest
    from django.conf import settings

    return [
        pytest.mark.worker,
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
        pytest.mark.skipif(
            settings.CELERY_BROKER_URL == settings.NO_BROKER, reason="the real-services pass (.ci/run) runs workers"
        ),
    ]
