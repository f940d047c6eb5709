"""Background work for reviews: thin wrappers that load ids and call the announcements."""

from celery import shared_task

from reviews import announcements

RETRY = {"acks_late": True, "max_retries": 5, "retry_backoff": True, "autoretry_for": (OSError,)}


@shared_task(**RETRY)
def announce_review_reply(reply_id: int) -> int:
    return announcements.announce_review_reply(reply_id)
