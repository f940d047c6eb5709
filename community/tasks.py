"""Background work of the community layer: thin wrappers that call services."""

from celery import shared_task

from community import services


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, autoretry_for=(OSError,))
def send_welcome_email(self, member_id: int, language: str = "en") -> bool:
    return services.send_welcome_email(member_id, language)
