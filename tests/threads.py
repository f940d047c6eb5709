"""Real threads for concurrency tests, each with its own database connection."""

import threading

from django.db import connection


def run_at_once(work, arguments) -> list[Exception]:
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
