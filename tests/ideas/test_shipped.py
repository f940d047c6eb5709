"""The loop closed to the end: voters of a shipped idea are told personally and
asked whether it solved their problem."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import formats, timezone

from community.errors import InvalidInput, NotAllowed
from community.models import Notification, Segment
from ideas import services, shipped
from ideas.models import ShippedFeedback
from tests.factories import IdeaFactory, MemberFactory, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped_idea(board, staff, django_capture_on_commit_callbacks):
    idea = IdeaFactory(title="Dark mode")
    voter = MemberFactory(channels={"idea_status": "email"})
    quiet_voter = MemberFactory()
    follower = MemberFactory()
    services.cast_vote(voter, idea)
    services.cast_vote(quiet_voter, idea)
    services.follow_idea(follower, idea)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("shipped"), staff, "It is in version 4.2.")
    return idea, voter, quiet_voter, follower


def test_each_voter_hears_it_personally_with_the_question(shipped_idea, mailoutbox):
    idea, voter, quiet_voter, follower = shipped_idea
    date = formats.date_format(timezone.localtime(idea.votes.get(member=voter).created_at), "DATE_FORMAT")

    personal = Notification.objects.get(recipient=voter, event_key__startswith="idea-shipped-voter:")
    assert personal.title == f"You asked for “Dark mode” on {date}: it is here"
    assert "It is in version 4.2." in personal.body
    # The links carry a signed token with a timestamp: compare what they say, not the
    # second they were signed in.
    yes = re.search(r"\[Yes\]\((\S+?)\)", personal.body).group(1)
    assert yes.startswith(f"{settings.BASE_URL}/shipped/") and yes.endswith("/?answer=yes")
    assert shipped.read(yes.split("/shipped/")[1].split("/")[0]) == (voter, idea)
    assert personal.url.startswith("/shipped/")
    assert shipped.read(personal.url.split("/")[2]) == (voter, idea)
    assert Notification.objects.filter(recipient=quiet_voter, event_key__startswith="idea-shipped-voter:").exists()
    # Followers who did not vote hear the plain status change; voters do not hear it twice.
    assert Notification.objects.get(recipient=follower).title == "“Dark mode” is now Shipped"
    assert Notification.objects.filter(recipient=voter).count() == 1
    [email] = mailoutbox
    assert email.to == [voter.email]
    partly = re.search(rf"{re.escape(settings.BASE_URL)}/shipped/([^/\s]+)/\?answer=partly", email.body)
    assert shipped.read(partly.group(1)) == (voter, idea)


def test_a_voter_answers_from_the_link_without_signing_in(client, shipped_idea):
    idea, voter, *_ = shipped_idea
    link = shipped.path(voter, idea)

    asked = client.get(link, {"answer": "partly"})
    answered = client.post(link, {"answer": "partly", "comment": "Only on the web."})
    changed = client.post(link, {"answer": "yes"})

    assert asked.status_code == 200
    assert re.search(r'value="partly"[^>]*checked', asked.content.decode())
    assert answered.status_code == 200 and "Thank you" in answered.content.decode()
    assert changed.status_code == 200
    feedback = ShippedFeedback.objects.get(idea=idea, member=voter)
    assert (feedback.answer, feedback.comment) == ("yes", "")
    assert not ShippedFeedback.objects.filter(answer="partly").exists()


def test_bad_answers_and_bad_links_are_refused(client, shipped_idea):
    idea, voter, *_ = shipped_idea
    link = shipped.path(voter, idea)

    assert client.post(link, {"answer": "maybe"}).status_code == 422
    assert client.post(link, {"answer": "no", "comment": "x" * 1001}).status_code == 422
    assert client.get(link[:-6] + "forged/").status_code == 400
    assert not ShippedFeedback.objects.exists()


def test_only_voters_of_a_shipped_idea_answer(shipped_idea, client):
    idea, _voter, _quiet, follower = shipped_idea
    with pytest.raises(NotAllowed):
        shipped.answer(follower, idea, "yes")
    page = client.get(shipped.path(follower, idea))
    assert "Only those who voted" in page.content.decode()
    open_idea = IdeaFactory()
    member = MemberFactory()
    services.cast_vote(member, open_idea)
    with pytest.raises(NotAllowed):
        shipped.answer(member, open_idea, "yes")
    with pytest.raises(InvalidInput):
        shipped.answer(member, idea, "perhaps")


def test_answers_are_counted_per_segment_with_a_satisfaction_figure(board, staff):
    enterprise = Segment.objects.create(name="Enterprise", weight=Decimal("3"))
    idea = IdeaFactory()
    happy, half, unhappy = MemberFactory(segment=enterprise), MemberFactory(segment=enterprise), MemberFactory()
    for member in (happy, half, unhappy):
        services.cast_vote(member, idea)
    services.change_status(idea, status("shipped"), staff)
    shipped.answer(happy, idea, "yes")
    shipped.answer(half, idea, "partly", "Missing on mobile.")
    shipped.answer(unhappy, idea, "no")

    overall, per_segment = shipped.results(idea)

    assert (overall.yes, overall.partly, overall.no, overall.satisfaction) == (1, 1, 1, 50)
    assert overall.comments == ["Missing on mobile."]
    assert [(tally.label, tally.total, tally.satisfaction) for tally in per_segment] == [
        ("Enterprise", 2, 75),
        ("No segment", 1, 0),
    ]
    assert shipped.satisfaction().satisfaction == 50
