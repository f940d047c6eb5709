"""The triage desk's background work: calls to issue trackers and what their webhooks say."""

from celery import shared_task

from triage.trackers import services

RETRY = {"acks_late": True}


@shared_task(**RETRY)
def run_tracker_request(request_id: int) -> str:
    return services.run_request(request_id)


@shared_task(**RETRY)
def retry_tracker_requests() -> int:
    due = services.due_requests()
    for request_id in due:
        run_tracker_request.delay(request_id)
    return len(due)


@shared_task(**RETRY)
def process_tracker_delivery(delivery_id: int) -> str:
    return services.process(delivery_id)


@shared_task(**RETRY)
def poll_trackers() -> int:
    return services.poll_due()


@shared_task(**RETRY)
def send_weekly_summary() -> int:
    from triage import weekly

    return weekly.send()
