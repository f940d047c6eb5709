"""A provider's bounce or complaint report stops email to that address, recorded in the
member's consent history; temporary trouble changes nothing. Payloads in the form
Postmark documents for its bounce and spam-complaint webhooks, through django-anymail."""

from __future__ import annotations

import base64
import json

import pytest

from community.models import Channel, ConsentChange
from community.notifications import channels
from ideas.topics import IDEA_STATUS, REPLIES
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
SECRET = "provider:webhook-secret-2026"
URL = "/email/provider/postmark/tracking/"


@pytest.fixture
def postmark(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def report(client, record_type: str, bounce_type: str, email: str, event_id: int = 4242):
    payload = {
        "RecordType": record_type,
        "ID": event_id,
        "Type": bounce_type,
        "TypeCode": 1 if bounce_type == "HardBounce" else 512,
        "MessageID": "0a1b2c3d-0000-4000-8000-000000000001",
        "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 mailbox unknown",
        "Email": email,
        "From": "community@example.org",
        "BouncedAt": "2026-11-30T10:15:00Z",
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Your weekly digest",
        "ServerID": 1001,
        "MessageStream": "outbound",
        "Tag": "",
        "Metadata": {},
    }
    auth = base64.b64encode(SECRET.encode()).decode()
    return client.post(URL, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Basic {auth}")


def test_a_hard_bounce_stops_every_email_and_is_in_the_consent_history(client, postmark):
    member = MemberFactory(email="Grace@Example.org", channels={IDEA_STATUS: Channel.EMAIL})
    assert report(client, "Bounce", "HardBounce", "grace@example.org").status_code == 200
    chosen = channels.channels_of(member)
    assert Channel.EMAIL not in chosen.values()
    assert chosen[IDEA_STATUS] == Channel.IN_APP
    changes = ConsentChange.objects.filter(member=member, source=ConsentChange.Source.PROVIDER)
    assert {change.topic for change in changes} >= {IDEA_STATUS, REPLIES}
    assert report(client, "Bounce", "HardBounce", "grace@example.org").status_code == 200  # delivered again
    assert ConsentChange.objects.filter(member=member).count() == changes.count()  # nothing recorded twice


def test_a_spam_complaint_stops_email_too(client, postmark):
    member = MemberFactory(email="ada@example.org", channels={REPLIES: Channel.EMAIL})
    assert report(client, "SpamComplaint", "SpamComplaint", "ada@example.org").status_code == 200
    assert channels.channels_of(member)[REPLIES] != Channel.EMAIL


def test_temporary_trouble_changes_nothing(client, postmark):
    member = MemberFactory(email="lin@example.org", channels={REPLIES: Channel.EMAIL})
    assert report(client, "Bounce", "Transient", "lin@example.org").status_code == 200
    assert channels.channels_of(member)[REPLIES] == Channel.EMAIL
    assert not ConsentChange.objects.filter(member=member).exists()


def test_the_webhook_refuses_callers_without_the_secret(client, postmark):
    member = MemberFactory(email="eve@example.org", channels={REPLIES: Channel.EMAIL})
    response = client.post(URL, json.dumps({"RecordType": "Bounce", "Type": "HardBounce", "Email": "eve@example.org"}),
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert channels.channels_of(member)[REPLIES] == Channel.EMAIL


def test_a_provider_is_an_environment_setting_away():
    from tests.community.test_settings import load_settings

    values = load_settings(
        "config.settings.dev",
        ["EMAIL_DELIVERY_BACKEND", "ANYMAIL"],
        EMAIL_PROVIDER="postmark",
        ANYMAIL_POSTMARK_SERVER_TOKEN="server-token",
        ANYMAIL_WEBHOOK_SECRET=SECRET,
    )
    assert values["EMAIL_DELIVERY_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert values["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "server-token", "WEBHOOK_SECRET": SECRET}
