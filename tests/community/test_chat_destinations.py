"""Slack and Microsoft Teams destinations: the events each wants, filtered, in the
platforms' own formats, through the same delivery log and retries as webhooks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community import crypto
from community.models import ModerationPolicy, Segment, WebhookDelivery, WebhookEndpoint
from community.moderation import alerts
from community.webhooks import services as webhooks
from ideas import services
from tests.factories import IdeaFactory, MemberFactory, ProductFactory, ReviewFactory, status

State = WebhookDelivery.State


@pytest.fixture(autouse=True)
def _at_once(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda callback, using=None, robust=False: callback())


def destination(receiver, kind="slack", events=("idea.created",), **fields):
    return WebhookEndpoint.objects.create(
        name=f"{kind} #product", url=receiver.url, format=kind, events=list(events), **fields
    )


def test_a_slack_destination_gets_block_kit_and_no_signature(webhook_receiver, board, staff):
    destination(webhook_receiver, events=["idea.created", "idea.status_changed"])
    idea = services.submit_idea(
        MemberFactory(), title="Dark mode for the reports", body="Our eyes hurt at night & <b>late</b>."
    )

    services.change_status(idea, status("shipped"), staff, "In 4.2.")

    created, changed = (hit.json for hit in webhook_receiver.received)
    assert created["text"] == "New idea: Dark mode for the reports"
    header, section, facts, actions = created["blocks"]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": "New idea: Dark mode for the reports"}}
    assert section["text"]["type"] == "mrkdwn"
    assert "&amp; &lt;b&gt;late&lt;/b&gt;" in section["text"]["text"]  # Slack's own escaping
    assert {"type": "mrkdwn", "text": "*Votes*\n1"} in facts["fields"]
    assert f"/ideas/{idea.pk}-dark-mode" in actions["elements"][0]["url"]
    assert changed["blocks"][0]["text"]["text"] == "“Dark mode for the reports” is now Shipped"
    assert "In 4.2." in changed["blocks"][1]["text"]["text"]
    assert "webhook-signature" not in webhook_receiver.received[0].headers
    assert WebhookDelivery.objects.filter(state=State.DELIVERED).count() == 2


def test_a_teams_destination_gets_an_adaptive_card(webhook_receiver, board):
    destination(webhook_receiver, kind="teams")
    idea = services.submit_idea(MemberFactory(), title="Export to CSV", body="For the finance team.")

    message = webhook_receiver.received[0].json
    assert message["type"] == "message"
    attachment = message["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0] == {
        "type": "TextBlock",
        "text": "New idea: Export to CSV",
        "weight": "Bolder",
        "size": "Medium",
        "wrap": True,
    }
    assert {"title": "Votes", "value": "1"} in card["body"][2]["facts"]
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Open in Tandem", "url": card["actions"][0]["url"]}]
    assert f"/ideas/{idea.pk}-export-to-csv" in card["actions"][0]["url"]


def test_a_slack_app_posts_with_its_token_and_a_refusal_is_retried(webhook_receiver, board):
    webhook_receiver.answers = [(200, '{"ok": false, "error": "ratelimited"}'), (200, '{"ok": true}')]
    endpoint = destination(
        webhook_receiver, chat_token_encrypted=crypto.encrypt("xoxb-123"), channel="#product-feedback"
    )

    services.submit_idea(MemberFactory(), title="Bulk edit", body="Many at once.")

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.state == State.RETRYING and "ratelimited" in delivery.error
    first = webhook_receiver.received[0]
    assert first.headers["authorization"] == "Bearer xoxb-123"
    assert first.json["channel"] == "#product-feedback"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhooks.deliver(delivery.pk) == State.DELIVERED


def test_destinations_hear_only_their_products_and_segments(webhook_receiver, board, products):
    enterprise = Segment.objects.create(name="Enterprise")
    first = ProductFactory(parent=products, title="Sync", slug="sync")
    second = ProductFactory(parent=products, title="Share", slug="share")
    destination(webhook_receiver, filters={"product": [first.pk], "segment": [enterprise.pk]})

    services.submit_idea(MemberFactory(segment=enterprise), title="Mine", body="Mine.", product=first)
    services.submit_idea(MemberFactory(segment=enterprise), title="Other product", body="No.", product=second)
    services.submit_idea(MemberFactory(), title="No segment", body="No.", product=first)

    assert [hit.json["text"] for hit in webhook_receiver.received] == ["New idea: Mine"]


def test_an_idea_crossing_the_vote_threshold_is_told_once(webhook_receiver, board):
    destination(webhook_receiver, events=["idea.votes_reached"], vote_threshold=3)
    idea = IdeaFactory(title="Offline mode")
    voters = [MemberFactory() for _ in range(4)]

    for voter in voters:
        services.cast_vote(voter, idea)
    services.withdraw_vote(voters[3], idea)
    services.withdraw_vote(voters[2], idea)
    services.cast_vote(voters[2], idea)  # three again

    assert [hit.json["text"] for hit in webhook_receiver.received] == ["“Offline mode” reached 3 votes"]


def test_only_reviews_at_or_below_the_stars_are_sent(webhook_receiver, board, product):
    from reviews import webhook_events

    destination(webhook_receiver, events=["review.created"], max_rating=2)
    for rating in (1, 4):
        review = ReviewFactory(product=product, rating=rating, title=f"{rating} stars")
        webhooks.emit(webhook_events.REVIEW_CREATED, f"review:{review.pk}", webhook_events.payload(review))

    (hit,) = webhook_receiver.received
    assert hit.json["text"].startswith("★☆☆☆☆ ")


def test_the_moderation_promise_broken_is_told_once_a_day(webhook_receiver, board):
    from ideas.models import Idea

    destination(webhook_receiver, events=["moderation.overdue"])
    policy = ModerationPolicy.load()
    policy.answer_within_hours = 4
    policy.save()
    idea = IdeaFactory()
    Idea.objects.filter(pk=idea.pk).update(moderation_state="pending", created_at=timezone.now() - timedelta(hours=2))

    assert alerts.check_overdue() is False
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(hours=5))
    assert alerts.check_overdue() is True
    assert alerts.check_overdue() is False  # once a day

    (hit,) = webhook_receiver.received
    assert hit.json["text"] == "1 post waits for a moderator"
    assert "promised an answer within 4" in hit.json["blocks"][1]["text"]["text"]


def test_the_week_in_the_community(webhook_receiver, board, staff):
    from triage import weekly

    destination(webhook_receiver, kind="teams", events=["community.week"])
    idea = services.submit_idea(MemberFactory(), title="Calendar sync", body="Please.")
    services.change_status(idea, status("shipped"), staff)

    assert weekly.send() == 1
    assert weekly.send() == 0  # the same week again

    card = webhook_receiver.received[0].json["attachments"][0]["content"]
    assert card["body"][0]["text"].startswith("The week in the community")
    assert "Calendar sync (1)" in card["body"][1]["text"]
    facts = {fact["title"]: fact["value"] for fact in card["body"][2]["facts"]}
    assert facts["New ideas"] == "1" and facts["Shipped"] == "1"


def test_the_endpoint_form_keeps_the_token_and_the_filters(admin_client, webhook_receiver, board, product):
    answer = admin_client.post(
        "/admin/webhooks/new/",
        {
            "name": "Slack #feedback",
            "format": "slack",
            "url": "https://slack.com/api/chat.postMessage",
            "chat_token": "xoxb-secret",
            "channel": "#feedback",
            "events": ["idea.created", "idea.votes_reached"],
            "vote_threshold": 25,
            "max_rating": 2,
            "filter_product": [str(product.pk)],
            "is_active": "on",
        },
    )

    assert answer.status_code == 302, answer.content.decode()[:3000]
    endpoint = WebhookEndpoint.objects.get()
    assert crypto.decrypt(endpoint.chat_token_encrypted) == "xoxb-secret"
    assert endpoint.filters == {"product": [product.pk]}
    assert "xoxb-secret" not in admin_client.get(f"/admin/webhooks/edit/{endpoint.pk}/").content.decode()

    refused = admin_client.post(
        "/admin/webhooks/new/",
        {
            "name": "x",
            "format": "slack",
            "url": "https://slack.com/api/chat.postMessage",
            "chat_token": "t",
            "events": ["idea.created"],
            "vote_threshold": 1,
            "max_rating": 5,
        },
    )
    assert "A bot token posts to a channel" in refused.content.decode()


def test_a_star_limit_outside_one_to_five_is_refused(admin_client, board):
    answer = admin_client.post(
        "/admin/webhooks/new/",
        {
            "name": "x",
            "format": "teams",
            "url": "https://example.org/hook",
            "events": ["review.created"],
            "max_rating": 9,
        },
    )

    assert answer.status_code == 200
    assert "Choose 1 to 5 stars." in answer.content.decode()
    assert not WebhookEndpoint.objects.exists()
