"""Webhooks in the admin: endpoints are checked before they are saved; the delivery
log shows each attempt and sends again on request."""

import pytest
from django.test import override_settings

from community.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False)
def test_an_endpoint_into_the_private_network_is_refused_with_a_reason(admin_client):
    response = admin_client.post(
        "/admin/webhooks/new/",
        {"name": "Internal", "url": "http://10.0.0.7/hook", "events": ["idea.planned"], "is_active": "on"},
    )

    assert response.status_code == 200
    assert "points into a private network" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_endpoint_is_saved_with_a_generated_secret_and_its_events(admin_client):
    missing = admin_client.post("/admin/webhooks/new/", {"name": "Jira", "url": "https://hooks.example.com/t"})
    assert "Choose at least one event." in missing.content.decode()

    saved = admin_client.post(
        "/admin/webhooks/new/",
        {"name": "Jira", "url": "https://hooks.example.com/t", "events": ["idea.planned", "review.created"]},
    )

    assert saved.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["idea.planned", "review.created"]
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 30
    edit = admin_client.get(f"/admin/webhooks/edit/{endpoint.pk}/").content.decode()
    assert endpoint.secret in edit  # shown to staff to set up the receiver


def test_the_delivery_log_shows_an_attempt_and_resends_it(
    admin_client, webhook_receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(name="Jira", url=webhook_receiver.url, events=["idea.planned"])
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="idea.planned",
        event_key="idea-planned:1",
        payload={"type": "idea.planned", "data": {"id": 1}},
        state=WebhookDelivery.State.FAILED,
        attempts=8,
        response_code=500,
        response_excerpt="Internal error",
    )

    log = admin_client.get("/admin/webhook_deliveries/").content.decode()
    inspect = admin_client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resent = admin_client.post(f"/admin/webhooks/resend/{delivery.pk}/")

    assert "idea.planned" in log and "failed" in log
    assert "Internal error" in inspect and "Resend" in inspect
    assert resent.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    assert webhook_receiver.received[0].headers["webhook-id"] == str(delivery.delivery_id)
    assert admin_client.get(f"/admin/webhook_deliveries/edit/{delivery.pk}/").status_code == 404
