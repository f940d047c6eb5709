"""Background work of the community layer: thin wrappers that call services."""

from celery import shared_task
from celery.signals import worker_ready

from community import emails as services
from community import outbox
from community.identity import avatars
from community.notifications import digests
from community.notifications import services as notifications
from community.operations import retention
from community.privacy import services as privacy
from community.profiles import archetypes
from community.webhooks import services as webhooks


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, autoretry_for=(OSError,))
def send_welcome_email(self, member_id: int, language: str = "en") -> bool:
    return services.send_welcome_email(member_id, language)


@shared_task(acks_late=True, max_retries=3, retry_backoff=True, autoretry_for=(OSError,))
def fetch_avatar(member_id: int, url: str) -> bool:
    """The picture a connected app named for its customer (community.identity.avatars)."""
    return avatars.fetch_avatar(member_id, url)


@shared_task(acks_late=True)
def start_digests(rhythm: str) -> int:
    """Beat starts a daily or weekly round; the round's batches follow in send_digests."""
    run = digests.start_run(rhythm)
    send_digests.delay(run.pk)
    return run.pk


@shared_task(acks_late=True, max_retries=8, retry_backoff=True, autoretry_for=(OSError,))
def send_digests(run_id: int) -> bool:
    """Works through batches for under a minute, then hands on: a few tasks per round,
    never one per member, and a retry goes on from the round's cursor."""
    more = digests.send_batches(run_id)
    if more:
        send_digests.delay(run_id)
    return more


@shared_task(acks_late=True)
def resume_digests() -> int:
    stalled = digests.stalled_runs()
    for run_id in stalled:
        send_digests.delay(run_id)
    return len(stalled)


@shared_task(acks_late=True, max_retries=5, retry_backoff=True, autoretry_for=(OSError,))
def build_export(export_id: int) -> bool:
    return privacy.build_export(export_id)


@shared_task(acks_late=True)
def remove_expired_exports() -> int:
    return privacy.remove_expired_exports()


@shared_task(acks_late=True)
def recompute_archetypes() -> dict[str, int]:
    return archetypes.recompute()


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt; a failure is retried by retry_webhooks when its backoff is over."""
    return webhooks.deliver(delivery_id)


@shared_task(acks_late=True)
def retry_webhooks() -> int:
    due = webhooks.due_deliveries()
    for delivery_id in due:
        deliver_webhook.delay(delivery_id)
    return len(due)


@shared_task(acks_late=True, max_retries=8, retry_backoff=True, autoretry_for=(Exception,))
def send_notification_emails(event_key: str) -> bool:
    """One batch of an event's emails; the next batch is its own task. Any failure is
    retried: claims make a retry send only what is still unsent."""
    more = notifications.send_pending_emails(event_key)
    if more:
        notifications.queue_emails(event_key)
    return more


@shared_task(acks_late=True)
def resend_stalled_emails() -> dict[str, int]:
    """Beat's sweep for emails a dead worker left claimed but unsent: notifications
    (queued again), welcomes (queued again) and digests (sent here)."""
    return {
        "notifications": notifications.resend_stalled(),
        "welcomes": services.resend_stalled_welcomes(),
        "digests": digests.resend_stalled(),
    }


@shared_task(acks_late=True)
def drain_outbox() -> int:
    """Hands on the tasks that writes stored while the broker was away (community.outbox)."""
    return outbox.drain()


@shared_task(acks_late=True)
def apply_retention() -> dict[str, int]:
    """Daily: what the retention periods say is old goes (community.operations.retention)."""
    return retention.apply()


@worker_ready.connect
def drain_outbox_when_a_worker_starts(sender, **kwargs) -> None:
    """A worker that (re)starts catches up at once instead of at the next sweep."""
    drain_outbox.delay()


@shared_task(acks_late=True)
def check_moderation_overdue() -> bool:
    from community.moderation import alerts

    return alerts.check_overdue()
