"""One-click unsubscribe links: signed, no sign-in needed, refused when tampered with."""

from urllib.parse import urlsplit

import pytest
from django.core import signing

from community.models import Channel, ConsentChange
from community.notifications import channels, unsubscribe
from ideas.topics import HIGHLIGHTS, IDEA_STATUS, REPLIES
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_the_link_asks_first_and_a_get_changes_nothing(client, home):
    member = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL})

    response = client.get(path_of(unsubscribe.url(member, [IDEA_STATUS])))

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Stop emails to {member.email} about:" in body
    assert "<li>Status changes of ideas I follow</li>" in body
    assert channels.channels_of(member)[IDEA_STATUS] == Channel.EMAIL


def test_one_click_turns_the_email_off_without_signing_in_and_records_it(client, home):
    member = MemberFactory(channels={IDEA_STATUS: Channel.WEEKLY})
    csrf_checking = client.__class__(enforce_csrf_checks=True)  # a mail program has no CSRF token

    response = csrf_checking.post(path_of(unsubscribe.url(member, [IDEA_STATUS])))

    assert response.status_code == 200
    assert "Done: we no longer email" in response.content.decode()
    assert channels.channels_of(member)[IDEA_STATUS] == Channel.IN_APP
    change = ConsentChange.objects.get(member=member)
    assert (change.previous, change.channel, change.source) == ("weekly", "in_app", "unsubscribe")


def test_a_topic_without_an_on_site_choice_is_turned_off(client, home):
    member = MemberFactory(channels={HIGHLIGHTS: Channel.WEEKLY})

    client.post(path_of(unsubscribe.url(member, [HIGHLIGHTS])))

    assert channels.channels_of(member)[HIGHLIGHTS] == Channel.NONE


def test_using_the_link_twice_is_harmless(client, home):
    member = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL})
    link = path_of(unsubscribe.url(member, [IDEA_STATUS]))

    client.post(link)
    again = client.post(link)

    assert again.status_code == 200
    assert ConsentChange.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),  # the signature altered
        lambda token: token[: len(token) // 2],  # cut short
        lambda token: "not-a-token",
        # a well-formed payload for another member, signed with the wrong key
        lambda token: signing.dumps({"m": 1, "t": ["idea_status"]}, key="guessed", salt="community.unsubscribe"),
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(client, home, tamper):
    member = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL})
    token = unsubscribe.token(member, [IDEA_STATUS])

    response = client.post(f"/notifications/unsubscribe/{tamper(token)}/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert channels.channels_of(member)[IDEA_STATUS] == Channel.EMAIL
    assert not ConsentChange.objects.exists()


def test_a_link_only_reaches_its_own_member_and_topics(client, home):
    member = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL, REPLIES: Channel.EMAIL})
    other = MemberFactory(channels={IDEA_STATUS: Channel.EMAIL})

    client.post(path_of(unsubscribe.url(member, [IDEA_STATUS])))

    assert channels.channels_of(member)[REPLIES] == Channel.EMAIL
    assert channels.channels_of(other)[IDEA_STATUS] == Channel.EMAIL


def test_a_link_of_a_deleted_account_is_refused(client, home):
    member = MemberFactory()
    link = path_of(unsubscribe.url(member, [IDEA_STATUS]))
    member.is_active = False
    member.save()

    assert client.post(link).status_code == 400
