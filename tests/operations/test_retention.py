"""Old records go after the chosen periods; what is still needed stays."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.utils import timezone

from community.models import ConsentChange, DataExport, Notification, WebhookDelivery, WebhookEndpoint
from community.operations import retention
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def test_each_period_removes_only_what_is_older_and_finished(settings):
    settings.RETENTION_READ_NOTIFICATIONS_DAYS = 180
    settings.RETENTION_WEBHOOK_DELIVERIES_DAYS = 90
    settings.RETENTION_SIGN_IN_LOG_DAYS = 30
    settings.RETENTION_FAILED_EXPORTS_DAYS = 30
    settings.RETENTION_CONSENT_ADDRESS_DAYS = 365
    member = MemberFactory()
    old_read = Notification.objects.create(recipient=member, event_key="a", title="Old, read")
    old_unread = Notification.objects.create(recipient=member, event_key="b", title="Old, unread")
    new_read = Notification.objects.create(recipient=member, event_key="c", title="New, read")
    Notification.objects.filter(pk=old_read.pk).update(read_at=days_ago(200))
    Notification.objects.filter(pk=new_read.pk).update(read_at=days_ago(10))
    Notification.objects.filter(pk=old_unread.pk).update(created_at=days_ago(400))

    endpoint = WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.org/", secret="s" * 32)
    delivery = {"endpoint": endpoint, "event": "idea.created", "payload": {}}
    WebhookDelivery.objects.create(**delivery, event_key="1", state="delivered", created_at=days_ago(100))
    WebhookDelivery.objects.create(**delivery, event_key="2", state="retrying", created_at=days_ago(100))
    WebhookDelivery.objects.create(**delivery, event_key="3", state="failed", created_at=days_ago(10))

    old = AccessAttempt.objects.create(username="a@example.org", ip_address="203.0.113.1", failures_since_start=1,
                                       user_agent="x", path_info="/", get_data="", post_data="")  # fmt: skip
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=days_ago(31))
    AccessAttempt.objects.create(username="b@example.org", ip_address="203.0.113.2", failures_since_start=1,
                                 user_agent="x", path_info="/", get_data="", post_data="")  # fmt: skip
    log = AccessLog.objects.create(username="a@example.org", ip_address="203.0.113.1", user_agent="x", path_info="/")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=days_ago(31))

    failed = DataExport.objects.create(member=member, status=DataExport.Status.FAILED)
    DataExport.objects.filter(pk=failed.pk).update(created_at=days_ago(40))
    pending = DataExport.objects.create(member=member)
    DataExport.objects.filter(pk=pending.pk).update(created_at=days_ago(40))

    kept = {"member": member, "topic": "replies", "previous": "email", "channel": "none", "source": "settings"}
    old_change = ConsentChange.objects.create(**kept, ip_address="203.0.113.9")
    ConsentChange.objects.filter(pk=old_change.pk).update(created_at=days_ago(400))
    new_change = ConsentChange.objects.create(**kept, ip_address="203.0.113.10")

    done = retention.apply()

    assert done["read notifications"] == 1
    assert set(Notification.objects.values_list("title", flat=True)) == {"Old, unread", "New, read"}
    assert done["finished webhook deliveries"] == 1
    assert set(WebhookDelivery.objects.values_list("event_key", flat=True)) == {"2", "3"}
    assert done["sign-in attempt logs"] == 2
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["b@example.org"]
    assert not AccessLog.objects.exists()
    assert done["failed exports"] == 1
    assert list(DataExport.objects.values_list("pk", flat=True)) == [pending.pk]
    assert done["addresses in the consent log"] == 1
    old_change.refresh_from_db()
    new_change.refresh_from_db()
    assert (old_change.ip_address, old_change.channel) == (None, "none")  # the proof of consent stays
    assert new_change.ip_address == "203.0.113.10"


def test_a_period_of_zero_keeps_everything_and_the_command_says_so(settings):
    settings.RETENTION_READ_NOTIFICATIONS_DAYS = 0
    member = MemberFactory()
    note = Notification.objects.create(recipient=member, event_key="a", title="Kept")
    Notification.objects.filter(pk=note.pk).update(read_at=days_ago(5000))
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "read notifications" not in out.getvalue()
    assert "finished webhook deliveries: 0" in out.getvalue()
    assert Notification.objects.filter(pk=note.pk).exists()
    shown = io.StringIO()
    call_command("apply_retention", "--show", stdout=shown)
    assert "read notifications: kept" in shown.getvalue()
    assert "sign-in attempt logs: 90 days" in shown.getvalue()


def test_the_privacy_page_states_the_periods(client, settings, member):
    settings.RETENTION_SIGN_IN_LOG_DAYS = 45
    client.force_login(member)
    page = client.get("/privacy/").content.decode()
    assert "How long we keep records" in page
    assert "are deleted after 45 days" in page
