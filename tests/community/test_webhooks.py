import base64
import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from community.errors import InvalidInput, NotAllowed
from community.models import WebhookDelivery, WebhookEndpoint
from community.webhooks import services as webhooks
from ideas import services
from tests.factories import IdeaFactory, MemberFactory, status
from triage import services as triage_services

pytestmark = pytest.mark.django_db

State = WebhookDelivery.State


def endpoint_for(receiver, events=("idea.planned",), **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(name="Backlog", url=receiver.url, events=list(events), **fields)


def verify_as_a_receiver_would(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """Standard Webhooks: base64 HMAC-SHA256 over "id.timestamp.body" with the decoded secret."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    content = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    fresh = abs(time.time() - int(headers["webhook-timestamp"])) <= tolerance
    given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split() if part.startswith("v1,")]
    return fresh and any(hmac.compare_digest(expected, signature) for signature in given)


def test_a_planned_idea_reaches_the_backlog_once_signed(webhook_receiver, staff, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(webhook_receiver, events=["idea.planned", "idea.status_changed"])
    idea = IdeaFactory(title="Export to CSV")

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff, "Coming in May.")

    by_type = {hit.json["type"]: hit for hit in webhook_receiver.received}
    assert sorted(by_type) == ["idea.planned", "idea.status_changed"]
    planned = by_type["idea.planned"]
    assert verify_as_a_receiver_would(endpoint.secret, planned.headers, planned.body)
    assert planned.json["data"]["id"] == idea.pk
    assert planned.json["data"]["title"] == "Export to CSV"
    assert planned.json["data"]["change"] == {
        "from": "new",
        "to": "planned",
        "message": "Coming in May.",
        "at": planned.json["data"]["change"]["at"],
    }
    delivery = WebhookDelivery.objects.get(event="idea.planned")
    assert planned.headers["webhook-id"] == str(delivery.delivery_id)
    assert (delivery.state, delivery.attempts, delivery.response_code) == (State.DELIVERED, 1, 200)


def test_a_forged_or_stale_signature_does_not_verify(webhook_receiver, staff, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(webhook_receiver)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(IdeaFactory(), status("planned"), staff)
    hit = webhook_receiver.received[0]

    assert not verify_as_a_receiver_would(endpoint.secret, hit.headers, hit.body.replace(b"planned", b"declined"))
    assert not verify_as_a_receiver_would("whsec_" + base64.b64encode(b"x" * 24).decode(), hit.headers, hit.body)
    old = {**hit.headers, "webhook-timestamp": str(int(time.time()) - 3600)}
    assert not verify_as_a_receiver_would(endpoint.secret, old, hit.body)


def test_a_failing_receiver_is_retried_with_backoff_until_it_answers(
    webhook_receiver, staff, django_capture_on_commit_callbacks
):
    webhook_receiver.answers = [(500, "down"), (503, "still down"), (201, '{"url": "https://jira.example.com/T-7"}')]
    endpoint_for(webhook_receiver)
    idea = IdeaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code) == (State.RETRYING, 1, 500)
    assert delivery.response_excerpt == "down"
    assert timedelta(seconds=55) < delivery.next_attempt_at - timezone.now() <= timedelta(minutes=1)
    assert webhooks.due_deliveries() == []  # not before its time
    assert webhooks.deliver(delivery.pk) == ""  # nor when a task runs early

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhooks.due_deliveries() == [delivery.pk]
    assert webhooks.deliver(delivery.pk) == State.RETRYING
    delivery.refresh_from_db()
    assert timedelta(minutes=1, seconds=55) < delivery.next_attempt_at - timezone.now() <= timedelta(minutes=2)

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhooks.deliver(delivery.pk) == State.DELIVERED

    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_code) == (3, 201)
    ids = {hit.headers["webhook-id"] for hit in webhook_receiver.received}
    assert ids == {str(delivery.delivery_id)}  # the receiver can drop repeats by it
    idea.refresh_from_db()
    assert idea.external_url == "https://jira.example.com/T-7"  # the ticket it answered with


def test_after_the_last_attempt_a_delivery_fails_and_staff_resend_it(
    webhook_receiver, staff, django_capture_on_commit_callbacks
):
    webhook_receiver.answers = [(500, "down")]
    endpoint_for(webhook_receiver)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(IdeaFactory(), status("planned"), staff)
    delivery = WebhookDelivery.objects.get()
    for _attempt in range(webhooks.MAX_ATTEMPTS - 1):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (State.FAILED, webhooks.MAX_ATTEMPTS)
    assert webhooks.due_deliveries() == []

    webhook_receiver.answers = [(200, "ok")]
    with pytest.raises(NotAllowed):
        webhooks.resend(delivery, MemberFactory())
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.resend(delivery, staff)
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED
    assert len(webhook_receiver.received) == webhooks.MAX_ATTEMPTS + 1


def test_one_event_is_delivered_once_even_when_announced_again(
    webhook_receiver, staff, django_capture_on_commit_callbacks
):
    endpoint_for(webhook_receiver, events=["idea.planned"])
    idea = IdeaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff)
        services.change_status(idea, status("new"), staff)
        services.change_status(idea, status("planned"), staff)  # planned again: the backlog has it
    with django_capture_on_commit_callbacks(execute=True):
        assert triage_services.send_to_backlog(idea, staff) == 0
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.deliver(delivery.pk)  # a duplicate task
    assert len(webhook_receiver.received) == 1


def test_a_timeout_marks_the_attempt_failed_and_retries(
    monkeypatch, webhook_receiver, staff, django_capture_on_commit_callbacks
):
    import requests

    def slow(*args, **kwargs):
        raise requests.Timeout("read timed out")

    monkeypatch.setattr(requests.Session, "post", slow)
    endpoint_for(webhook_receiver)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(IdeaFactory(), status("planned"), staff)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.RETRYING
    assert "did not answer within 10 seconds" in delivery.error


def test_a_worker_that_died_mid_delivery_leaves_it_to_be_tried_again(webhook_receiver, staff):
    endpoint = endpoint_for(webhook_receiver)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="idea.planned",
        event_key="idea-planned:1",
        payload={"type": "idea.planned", "data": {"id": 1}},
        state=State.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(minutes=10),
    )
    assert webhooks.due_deliveries() == [delivery.pk]
    assert webhooks.deliver(delivery.pk) == State.DELIVERED


def test_only_subscribed_active_endpoints_get_an_event(webhook_receiver, staff, django_capture_on_commit_callbacks):
    endpoint_for(webhook_receiver, events=["idea.merged"])
    endpoint_for(webhook_receiver, events=["idea.planned"], is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(IdeaFactory(), status("planned"), staff)
    assert not WebhookDelivery.objects.exists()
    assert webhook_receiver.received == []


def test_ideas_reviews_and_merges_are_sent_to_those_who_subscribe(
    webhook_receiver, staff, product, django_capture_on_commit_callbacks
):
    from ideas.webhook_events import CREATED, MERGED
    from reviews import services as review_services

    endpoint_for(webhook_receiver, events=[CREATED, MERGED, "review.created"])
    with django_capture_on_commit_callbacks(execute=True):
        first = services.submit_idea(MemberFactory(), title="Dark mode", body="Please.")
        second = services.submit_idea(MemberFactory(), title="Dark theme")
        services.merge_ideas(second, first, staff)
        review_services.submit_review(MemberFactory(), product, rating=4, title="Solid")

    kinds = sorted(hit.json["type"] for hit in webhook_receiver.received)
    assert kinds == ["idea.created", "idea.created", "idea.merged", "review.created"]
    merged = next(hit.json["data"] for hit in webhook_receiver.received if hit.json["type"] == "idea.merged")
    assert (merged["duplicate"], merged["into"]["id"]) == (second.pk, first.pk)
    review = next(hit.json["data"] for hit in webhook_receiver.received if hit.json["type"] == "review.created")
    assert (review["rating"], review["title"], review["product"]["title"]) == (4, "Solid", product.title)
    assert "@" not in json.dumps(review)  # no email addresses leave


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/hook",
        "javascript:alert(1)",
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "https://10.0.0.5/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "http://[::]/hook",
        "http://100.64.0.1/hook",  # carrier-grade NAT
        "http://[fe80::1]/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
        "http://[::127.0.0.1]/hook",  # IPv4-compatible
        "http://[::a9fe:a9fe]/hook",  # IPv4-compatible 169.254.169.254
        "http://[64:ff9b::10.0.0.1]/hook",  # NAT64
        "http://[64:ff9b:1::a00:1]/hook",  # local-use NAT64
        "http://[2002:c0a8:101::1]/hook",  # 6to4 of 192.168.1.1
        "http://[ff02::1]/hook",  # multicast
        "http://224.0.0.1/hook",
    ],
)
@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False)
def test_unsafe_addresses_are_refused_in_production(url):
    with pytest.raises(InvalidInput) as refused:
        webhooks.clean_endpoint(url, ["idea.planned"])
    assert refused.value.details["url"]


@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False)
def test_a_name_that_resolves_into_the_private_network_fails_at_delivery(
    monkeypatch, webhook_receiver, staff, django_capture_on_commit_callbacks
):
    import socket

    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", ("10.1.2.3", 443))])
    WebhookEndpoint.objects.create(name="Sneaky", url="https://hooks.example.com/x", events=["idea.planned"])
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(IdeaFactory(), status("planned"), staff)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.RETRYING
    assert "private network" in delivery.error
    assert webhook_receiver.received == []


@pytest.mark.parametrize(
    "url", ["https://93.184.216.34/hook", "https://[2606:4700:4700::1111]/hook", "https://[::ffff:93.184.216.34]/x"]
)
@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False)
def test_public_addresses_in_any_form_are_accepted(url):
    assert webhooks.clean_endpoint(url, ["idea.planned"]) == ["idea.planned"]


def test_a_delivery_connects_to_the_address_that_was_checked_not_a_second_lookup(
    monkeypatch, webhook_receiver, staff, django_capture_on_commit_callbacks
):
    """DNS rebinding: the first answer is checked, a later one would lead elsewhere."""
    import socket

    port = int(webhook_receiver.url.split(":")[2].split("/")[0])
    answers = iter([("127.0.0.1", port), ("10.9.9.9", port)])
    lookups = []

    def getaddrinfo(host, *args, **kwargs):
        lookups.append(host)
        if host != "hooks.example.test":
            return original(host, *args, **kwargs)
        return [(2, 1, 6, "", next(answers))]

    original = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    path = webhook_receiver.url.split("/", 3)[3]
    WebhookEndpoint.objects.create(
        name="Named", url=f"http://hooks.example.test:{port}/{path}", events=["idea.planned"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(IdeaFactory(), status("planned"), staff)

    assert WebhookDelivery.objects.get().state == State.DELIVERED
    assert [received.headers["host"] for received in webhook_receiver.received] == [f"hooks.example.test:{port}"]
    assert lookups.count("hooks.example.test") == 1


def test_unknown_or_missing_events_are_refused():
    with pytest.raises(InvalidInput) as refused:
        webhooks.clean_endpoint("https://hooks.example.com/x", ["idea.deleted"])
    assert "idea.deleted" in str(refused.value.details["events"][0])
    with pytest.raises(InvalidInput):
        webhooks.clean_endpoint("https://hooks.example.com/x", [])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_racing_for_one_delivery_send_it_once(webhook_receiver):
    from tests.threads import run_at_once

    endpoint = endpoint_for(webhook_receiver)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="idea.planned", event_key="idea-planned:7", payload={"type": "idea.planned"}
    )

    errors = run_at_once(lambda _: webhooks.deliver(delivery.pk), range(8))

    assert errors == []
    assert len(webhook_receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (State.DELIVERED, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_event_emitted_at_once_by_many_queues_one_delivery(webhook_receiver):
    from django.db import transaction

    from tests.threads import run_at_once

    endpoint_for(webhook_receiver)

    def emit(_):
        with transaction.atomic():
            webhooks.emit("idea.planned", "idea-planned:9", {"id": 9})

    errors = run_at_once(emit, range(8))

    assert errors == []
    assert WebhookDelivery.objects.filter(event_key="idea-planned:9").count() == 1
    assert len(webhook_receiver.received) == 1
