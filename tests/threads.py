"""Real threads for concurrency tests, each with its own database connection."""

import fcntl
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

# One burst at a time across pytest-xdist's workers: 64 threads each holding a
# connection, twice over, would pass PostgreSQL's 100 connections.
BURST_LOCK = Path(tempfile.gettempdir()) / "tandem-tests-thread-burst.lock"


@contextmanager
def _one_burst_at_a_time():
    with BURST_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def run_at_once(work, arguments) -> list[Exception]:
    with _one_burst_at_a_time():
        return _run(work, arguments)


def _run(work, arguments) -> list[Exception]:
    errors: list[Exception] = []
    start = threading.Barrier(len(arguments))

    def worker(argument):
        try:
            start.wait()
            work(argument)
        except Exception as error:  # noqa: BLE001 (collected and asserted by the caller)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
