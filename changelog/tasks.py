"""Background work of the changelog: thin wrappers that load ids and call the services."""

from celery import shared_task

RETRY = {"acks_late": True, "max_retries": 5, "retry_backoff": True, "autoretry_for": (OSError,)}


@shared_task(**RETRY)
def send_confirmation(subscription_id: int) -> bool:
    from changelog import services

    return services.send_confirmation(subscription_id)


@shared_task(**RETRY)
def announce_release(release_id: int) -> int:
    from changelog import services

    return services.announce_release(release_id)


@shared_task(acks_late=True, max_retries=5, retry_backoff=True, autoretry_for=(Exception,))
def send_release_emails(delivery_ids: list[int]) -> int:
    from changelog import services

    return services.send_release_emails(delivery_ids)


@shared_task(acks_late=True)
def resend_stalled_release_emails() -> int:
    from changelog import services

    return services.resend_stalled()
