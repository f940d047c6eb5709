import pytest
from django.core import mail

from community.models import Notification
from ideas import announcements, services
from tests.factories import IdeaFactory, MemberFactory, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed_idea(board):
    idea = IdeaFactory(title="Dark mode")
    voter, commenter, quiet = MemberFactory(), MemberFactory(), MemberFactory(email_updates=False)
    services.cast_vote(voter, idea)
    services.add_comment(commenter, idea, "Yes!")
    services.follow_idea(quiet, idea)
    return idea, voter, commenter, quiet


def test_a_status_change_tells_every_follower_and_emails_those_who_chose_email(
    followed_idea, staff, mailoutbox, django_capture_on_commit_callbacks
):
    idea, voter, commenter, quiet = followed_idea

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff, "Coming in **May**.")

    notes = Notification.objects.filter(event_key__startswith="idea-status:")
    assert {note.recipient for note in notes} == {voter, commenter, quiet}
    assert notes.first().title == "“Dark mode” is now Planned"
    assert notes.first().url == f"/ideas/{idea.pk}-dark-mode/"
    assert sorted(message.to[0] for message in mailoutbox) == sorted([voter.email, commenter.email])
    assert "Coming in **May**." in mailoutbox[0].body
    assert "<strong>May</strong>" in mailoutbox[0].alternatives[0][0]


def test_the_one_who_changed_it_is_not_told(followed_idea, staff, django_capture_on_commit_callbacks):
    idea, *_ = followed_idea
    services.follow_idea(staff, idea)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff)

    assert not Notification.objects.filter(recipient=staff).exists()


def test_a_retried_announcement_sends_nothing_twice(
    followed_idea, staff, mailoutbox, django_capture_on_commit_callbacks
):
    idea, *_ = followed_idea
    with django_capture_on_commit_callbacks(execute=True):
        change = services.change_status(idea, status("planned"), staff)

    again = announcements.announce_status_change(change.pk)

    assert again == 0
    assert Notification.objects.count() == 3
    assert len(mailoutbox) == 2


def test_an_email_that_failed_is_sent_by_the_retry(followed_idea, staff, mailoutbox, monkeypatch):
    idea, *_ = followed_idea
    change = services.change_status(idea, status("planned"), staff)  # not announced yet: no on-commit here
    original = mail.EmailMultiAlternatives.send

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", broken)
    with pytest.raises(ConnectionRefusedError):
        announcements.announce_status_change(change.pk)
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", original)
    announcements.announce_status_change(change.pk)

    assert Notification.objects.count() == 3
    assert len(mailoutbox) == 2
    assert not Notification.objects.filter(recipient__email_updates=True, emailed_at__isnull=True).exists()


def test_an_official_answer_is_announced_but_an_ordinary_comment_is_not(
    followed_idea, staff, mailoutbox, django_capture_on_commit_callbacks
):
    idea, voter, *_ = followed_idea

    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(voter, idea, "Any news?")
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        answer = services.add_comment(staff, idea, "We are on it.", official=True)

    notes = Notification.objects.all()
    assert notes.count() == 3
    assert notes.first().title == "Official answer on “Dark mode”"
    assert notes.first().url.endswith(f"#comment-{answer.pk}")


def test_members_hear_it_in_their_own_language(board, staff, mailoutbox, django_capture_on_commit_callbacks):
    idea = IdeaFactory(title="Dunkelmodus")
    member = MemberFactory(language="de")
    services.follow_idea(member, idea)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff)

    assert Notification.objects.get().title == "„Dunkelmodus“ ist jetzt Geplant"
    assert mailoutbox[0].subject == "„Dunkelmodus“ ist jetzt Geplant"
    assert "Hallo" in mailoutbox[0].body
