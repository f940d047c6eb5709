"""Background work for ideas: thin wrappers that load ids and call the announcements."""

from celery import shared_task

from ideas import announcements, demand, services

RETRY = {"acks_late": True, "max_retries": 5, "retry_backoff": True, "autoretry_for": (OSError,)}


@shared_task(**RETRY)
def announce_status_change(change_id: int) -> int:
    return announcements.announce_status_change(change_id)


@shared_task(**RETRY)
def announce_official_answer(comment_id: int) -> int:
    return announcements.announce_official_answer(comment_id)


@shared_task(**RETRY)
def announce_comment(comment_id: int) -> int:
    return announcements.announce_comment(comment_id)


@shared_task(**RETRY)
def announce_mentions(comment_id: int) -> int:
    return announcements.announce_mentions(comment_id)


@shared_task(**RETRY)
def announce_capture(capture_id: int) -> int:
    return announcements.announce_capture(capture_id)


@shared_task(**RETRY)
def announce_merge(change_id: int) -> int:
    return announcements.announce_merge(change_id)


@shared_task(acks_late=True)
def refresh_trend_scores() -> int:
    return services.refresh_trend_scores()


@shared_task(acks_late=True)
def refresh_demand_for_members(member_ids: list[int]) -> int:
    return demand.refresh_for_members(member_ids)


@shared_task(acks_late=True)
def refresh_all_demand() -> int:
    return demand.refresh_all()
