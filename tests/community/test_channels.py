"""Who receives what, when and how: each channel a member can choose for a topic."""

import pytest
from django.test import TestCase
from django.urls import reverse

from community.errors import InvalidInput
from community.models import Channel, ConsentChange, Notification
from community.notifications import channels
from community.notifications import services as notifications
from community.notifications.services import Message
from community.notifications.topics import ACCOUNT
from ideas.topics import HIGHLIGHTS, IDEA_STATUS, OFFICIAL_ANSWERS, REPLIES
from reviews.topics import PRODUCT_NEWS, REVIEW_REPLIES
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def announce(members, topic=IDEA_STATUS, key="idea-status:1") -> int:
    """As a task does: the notifications are committed, then their emails go out."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return notifications.notify(
            members,
            topic=topic,
            event_key=key,
            render=lambda member: Message("“Dark mode” is now Planned", "", "/i/1/"),
        )


def test_the_defaults_are_in_app_except_answers_to_ones_own_posts():
    member = MemberFactory()

    chosen = channels.channels_of(member)

    assert chosen[IDEA_STATUS] == Channel.IN_APP
    assert chosen[OFFICIAL_ANSWERS] == Channel.IN_APP
    assert chosen[PRODUCT_NEWS] == Channel.IN_APP
    assert chosen[REPLIES] == Channel.EMAIL
    assert chosen[REVIEW_REPLIES] == Channel.EMAIL
    assert chosen[HIGHLIGHTS] == Channel.NONE


@pytest.mark.parametrize(
    ("channel", "in_app", "emailed_now", "waits_for_digest"),
    [
        (Channel.IN_APP, True, False, False),
        (Channel.EMAIL, True, True, False),
        (Channel.DAILY, True, False, True),
        (Channel.WEEKLY, True, False, True),
        (Channel.NONE, False, False, False),
    ],
)
def test_each_channel_decides_how_the_member_hears_it(mailoutbox, channel, in_app, emailed_now, waits_for_digest):
    member = MemberFactory(channels={IDEA_STATUS: channel})

    announce([member])

    note = Notification.objects.filter(recipient=member).first()
    assert (note is not None) is in_app
    assert len(mailoutbox) == (1 if emailed_now else 0)
    if note is not None:
        assert note.channel == channel
        assert (note.emailed_at is not None) is emailed_now
        assert (
            Notification.objects.filter(channel__in=["daily", "weekly"], digest_run=None).exists() is waits_for_digest
        )


def test_a_choice_for_one_topic_leaves_the_others_alone(mailoutbox):
    member = MemberFactory(channels={IDEA_STATUS: Channel.NONE})

    announce([member], topic=REPLIES, key="comment:1")

    assert Notification.objects.get(recipient=member).topic == REPLIES
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_an_announcement_repeated_creates_and_sends_nothing_twice(mailoutbox):
    member = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL})

    first, again = announce([member]), announce([member])

    assert (first, again) == (1, 0)
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_an_emailed_notification_carries_a_one_click_unsubscribe_link(mailoutbox):
    member = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL})

    announce([member])

    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/notifications/unsubscribe/" in link
    assert link in message.body
    assert link in message.alternatives[0][0]


def test_a_change_is_recorded_with_what_when_and_where():
    member, staff = MemberFactory(), MemberFactory(is_staff=True)

    channels.set_channels(member, {IDEA_STATUS: Channel.WEEKLY}, source=ConsentChange.Source.SETTINGS)
    channels.set_channels(member, {IDEA_STATUS: Channel.WEEKLY}, source=ConsentChange.Source.SETTINGS)
    channels.set_channels(member, {IDEA_STATUS: Channel.NONE}, source=ConsentChange.Source.STAFF, by=staff)

    log = list(ConsentChange.objects.filter(member=member).order_by("created_at", "id"))
    assert [(c.topic, c.previous, c.channel, c.source) for c in log] == [
        ("idea_status", "in_app", "weekly", "settings"),
        ("idea_status", "weekly", "none", "staff"),
    ]
    assert log[1].changed_by == staff
    assert all(change.created_at for change in log)
    assert channels.channels_of(member)[IDEA_STATUS] == Channel.NONE


@pytest.mark.parametrize(
    ("wanted", "field"),
    [
        ({HIGHLIGHTS: Channel.EMAIL}, "highlights"),  # a summary is only weekly
        ({ACCOUNT: Channel.NONE}, "account"),  # decisions on one's account always arrive
        ({IDEA_STATUS: "carrier pigeon"}, "idea_status"),
        ({"gossip": Channel.EMAIL}, "gossip"),
    ],
)
def test_a_channel_the_topic_does_not_offer_is_refused_and_nothing_changes(wanted, field):
    member = MemberFactory()

    with pytest.raises(InvalidInput) as refused:
        channels.set_channels(member, {REPLIES: Channel.IN_APP, **wanted}, source="settings")

    assert field in refused.value.details
    assert not ConsentChange.objects.exists()
    assert channels.channels_of(member)[REPLIES] == Channel.EMAIL


def test_leaving_a_digest_takes_its_waiting_notifications_off_the_digest():
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    announce([member])

    channels.set_channels(member, {IDEA_STATUS: Channel.EMAIL}, source="settings")

    assert Notification.objects.get().channel == Channel.IN_APP  # not emailed late, still on the site


def test_moving_between_digests_takes_the_waiting_notifications_along():
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    announce([member])

    channels.set_channels(member, {IDEA_STATUS: Channel.DAILY}, source="settings")

    assert Notification.objects.get().channel == Channel.DAILY


def test_inactive_members_hear_nothing(mailoutbox):
    gone = MemberFactory(is_active=False, channels={IDEA_STATUS: Channel.EMAIL})

    announce([gone])

    assert not Notification.objects.exists()
    assert mailoutbox == []


class TestSettingsPage:
    def test_it_shows_each_topic_with_the_members_choice(self, client, home, member):
        client.force_login(member)

        body = client.get(reverse("notification_settings")).content.decode()

        assert '<label for="id_idea_status">Status changes of ideas I follow:</label>' in body
        assert '<option value="email" selected>On the site and by email at once</option>' in body  # replies
        assert "our defaults" in body

    def test_saving_changes_the_channels_and_lists_them_in_the_history(self, client, home, member):
        client.force_login(member)
        wanted = {**channels.channels_of(member), IDEA_STATUS: Channel.WEEKLY}

        response = client.post(reverse("notification_settings"), wanted, follow=True)

        body = response.content.decode()
        assert channels.channels_of(member)[IDEA_STATUS] == Channel.WEEKLY
        assert "Your choices are saved." in body
        assert '<td>Notification settings<span class="helptext">from 127.0.0.1</span></td>' in body
        assert "<td>On the site and in a weekly email digest</td>" in body

    def test_a_bad_choice_is_a_form_error_and_saves_nothing(self, client, home, member):
        client.force_login(member)
        wanted = {**channels.channels_of(member), IDEA_STATUS: Channel.WEEKLY, HIGHLIGHTS: "email"}

        response = client.post(reverse("notification_settings"), wanted)

        assert response.status_code == 422
        assert "Select a valid choice." in response.content.decode()
        assert channels.channels_of(member)[IDEA_STATUS] == Channel.IN_APP
        assert not ConsentChange.objects.exists()

    def test_signed_out_visitors_are_sent_to_sign_in(self, client, home):
        response = client.get(reverse("notification_settings"))

        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")

    def test_it_speaks_german(self, client, home):
        member = MemberFactory(language="de")
        client.force_login(member)

        body = client.get(reverse("notification_settings"), HTTP_ACCEPT_LANGUAGE="de").content.decode()

        assert "Benachrichtigungseinstellungen" in body
        assert "Statusänderungen von Ideen, denen ich folge" in body
