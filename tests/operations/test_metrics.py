"""/metrics: Prometheus' text format, only for the scraper that holds the token."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMessage, get_connection

from community import tasks
from community.models import WebhookDelivery, WebhookEndpoint

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.CELERY_BROKER_URL = settings.NO_BROKER


def scrape(client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


@pytest.mark.django_db
def test_metrics_are_off_without_a_token_and_refused_without_the_right_one(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    refused = client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics").status_code == 401


@pytest.mark.django_db
def test_requests_queries_and_the_states_that_need_watching_are_exposed(client, board, metrics_on):
    client.get("/ideas/")
    endpoint = WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.org/hook", secret="s" * 32)
    WebhookDelivery.objects.create(endpoint=endpoint, event="idea.created", event_key="idea:1", payload={})
    text = scrape(client)
    assert 'tandem_http_requests_total{method="GET",status="200",view="' in text
    assert "tandem_http_request_duration_seconds_bucket" in text
    assert "tandem_db_queries_total" in text
    assert 'tandem_webhook_deliveries{state="pending"} 1.0' in text
    assert 'tandem_webhook_deliveries{state="failed"} 0.0' in text
    assert "tandem_moderation_waiting 0.0" in text
    assert "tandem_outbox_waiting 0.0" in text


@pytest.mark.django_db
def test_tasks_by_name_and_outcome(client, metrics_on):
    before = _sample(
        scrape(client), 'tandem_celery_tasks_total{outcome="succeeded",task="community.tasks.drain_outbox"}'
    )
    tasks.drain_outbox.apply()
    after = _sample(
        scrape(client), 'tandem_celery_tasks_total{outcome="succeeded",task="community.tasks.drain_outbox"}'
    )
    assert after == before + 1


@pytest.mark.django_db
def test_emails_sent_and_failed_are_counted(client, settings, metrics_on):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    connection = get_connection("community.operations.metrics.CountingEmailBackend")
    sent_before = _sample(scrape(client), 'tandem_emails_total{outcome="sent"}')
    EmailMessage("Hello", "Body", to=["ada@example.org"], connection=connection).send()
    assert mail.outbox[-1].subject == "Hello"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    failed_before = _sample(scrape(client), 'tandem_emails_total{outcome="failed"}')
    with pytest.raises(OSError):
        EmailMessage(
            "Lost",
            "Body",
            to=["ada@example.org"],
            connection=get_connection("community.operations.metrics.CountingEmailBackend"),
        ).send()
    text = scrape(client)
    assert _sample(text, 'tandem_emails_total{outcome="sent"}') == sent_before + 1
    assert _sample(text, 'tandem_emails_total{outcome="failed"}') == failed_before + 1


def _sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0
