import pytest
from django.urls import reverse

from community.models import Notification
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_notifications_and_the_unread_count(client, home, member):
    Notification.objects.create(recipient=member, event_key="e:1", title="“Dark mode” is now Planned", url="/ideas/1/")
    Notification.objects.create(recipient=MemberFactory(), event_key="e:1", title="Someone else's")
    client.force_login(member)

    response = client.get(reverse("notifications"))
    home_page = client.get("/").content.decode()

    body = response.content.decode()
    assert "“Dark mode” is now Planned" in body
    assert "Someone else's" not in body
    assert '<span class="count">1<span class="visually-hidden"> unread</span></span>' in home_page


def test_marking_all_read_and_choosing_no_email(client, home, member):
    Notification.objects.create(recipient=member, event_key="e:1", title="Hello")
    client.force_login(member)

    client.post(reverse("notifications"), {"action": "read"})
    client.post(reverse("notifications"), {"action": "email"})  # the box unticked

    member.refresh_from_db()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert member.email_updates is False


def test_signed_out_visitors_are_sent_to_sign_in(client, home):
    response = client.get(reverse("notifications"))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_switching_language_while_signed_in_changes_the_email_language(client, home, member):
    client.force_login(member)

    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    member.refresh_from_db()
    assert member.language == "de"
