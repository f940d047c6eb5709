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


def test_marking_all_read(client, home, member):
    Notification.objects.create(recipient=member, event_key="e:1", title="Hello")
    Notification.objects.create(recipient=member, event_key="e:2", title="Hello again")
    client.force_login(member)

    client.post(reverse("notifications"))

    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_opening_a_notification_marks_it_read_and_goes_to_its_item(client, home, member):
    note = Notification.objects.create(recipient=member, event_key="e:1", title="Hello", url="/ideas/1-x/")
    other = Notification.objects.create(recipient=member, event_key="e:2", title="Still new", url="/ideas/2-y/")
    client.force_login(member)

    response = client.get(reverse("open_notification", args=[note.pk]))
    unread = client.get(reverse("notifications") + "?show=unread").content.decode()

    assert response.status_code == 302
    assert response.url == "/ideas/1-x/"
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None
    assert other.read_at is None
    assert "Still new" in unread
    assert ">Hello<" not in unread


def test_another_members_notification_cannot_be_opened(client, home, member):
    theirs = Notification.objects.create(recipient=MemberFactory(), event_key="e:1", title="Theirs", url="/x/")
    client.force_login(member)

    response = client.get(reverse("open_notification", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_to_another_site_is_not_followed(client, home, member):
    note = Notification.objects.create(recipient=member, event_key="e:1", title="Odd", url="https://evil.example/")
    client.force_login(member)

    response = client.get(reverse("open_notification", args=[note.pk]))

    assert response.url == reverse("notifications")


def test_signed_out_visitors_are_sent_to_sign_in(client, home):
    response = client.get(reverse("notifications"))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_switching_language_while_signed_in_changes_the_email_language(client, home, member):
    client.force_login(member)

    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    member.refresh_from_db()
    assert member.language == "de"
