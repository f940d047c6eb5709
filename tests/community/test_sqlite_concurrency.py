"""SQLite as the embedded default: concurrent writers wait for each other, none fails."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from community.models import User

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_queue_instead_of_failing_with_database_is_locked():
    writers, rows_each = 8, 5
    errors: list[Exception] = []
    start = threading.Barrier(writers)

    def write(number: int) -> None:
        try:
            start.wait()
            for row in range(rows_each):
                with transaction.atomic():
                    # A read before the write is what fails under SQLite's default
                    # deferred transactions: the lock upgrade is refused.
                    User.objects.filter(email__startswith=f"w{number}-").count()
                    User.objects.create(email=f"w{number}-{row}@example.org")
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert User.objects.filter(email__startswith="w").count() == writers * rows_each
