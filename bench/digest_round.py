"""A weekly digest round at scale, on the configured database.

    DATABASE_URL=postgres://... python bench/digest_round.py [--members 100000]

Creates the members it needs (example.net addresses, weekly digest for status
changes, one waiting notification each) in bulk, runs one weekly round the way the
Celery task does (batches of 200 behind a cursor, mail to Django's in-memory backend),
and prints how long the round took, how many emails, batches and queries it made, and
how many tasks a worker would have run. Then it removes what it created.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from datetime import timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from community.models import ChannelPreference, DigestRun, Notification, User  # noqa: E402
from community.notifications import digests  # noqa: E402

DOMAIN = "digest-bench.example.net"
CHUNK = 5_000


def create_members(count: int) -> list[int]:
    password = make_password(None)
    ids: list[int] = []
    for start in range(0, count, CHUNK):
        users = User.objects.bulk_create(
            User(email=f"reader-{number:06d}@{DOMAIN}", display_name=f"Reader {number}", password=password)
            for number in range(start, min(count, start + CHUNK))
        )
        members = [user.pk for user in users]
        ChannelPreference.objects.bulk_create(
            ChannelPreference(member_id=pk, topic="idea_status", channel="weekly") for pk in members
        )
        Notification.objects.bulk_create(
            Notification(
                recipient_id=pk,
                event_key="bench:1",
                topic="idea_status",
                channel="weekly",
                title="“Offline folders” is now Planned",
                url="/ideas/1-offline-folders/",
            )
            for pk in members
        )
        ids.extend(members)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    members = parser.parse_args().members
    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    DigestRun.objects.filter(rhythm="weekly").delete()
    started = time.perf_counter()
    create_members(members)
    print(f"{members} members with a waiting weekly item created in {time.perf_counter() - started:.1f} s")

    batches = 0
    original = digests.send_batch

    def counted(run_id: int) -> bool:
        nonlocal batches
        batches += 1
        return original(run_id)

    digests.send_batch = counted
    tasks = 0
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        connection.execute_wrapper(count),
    ):
        mail.outbox = []
        run = digests.start_run("weekly", timezone.now() + timedelta(seconds=1))
        started = time.perf_counter()
        while True:  # what send_digests does: a task works for up to 50 s, then hands on
            tasks += 1
            if not digests.send_batches(run.pk):
                break
        elapsed = time.perf_counter() - started
        sent = len(mail.outbox)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"round: {elapsed:.1f} s, {sent} emails ({sent / elapsed:.0f}/s), {batches} batches, {tasks} tasks")
    print(f"queries: {queries} ({queries / max(sent, 1):.1f} per email)")
    print(f"second round for the same week sends: {resend()}")
    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    DigestRun.objects.filter(pk=run.pk).delete()


def resend() -> int:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        run = digests.start_run("weekly", timezone.now() + timedelta(seconds=2))
        DigestRun.objects.filter(pk=run.pk).update(finished_at=None, cursor=0)
        digests.send_batches(run.pk)
        return len(mail.outbox)


if __name__ == "__main__":
    main()
