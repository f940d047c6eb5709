import pytest
from celery.exceptions import Retry
from django.core import mail
from django.test import TestCase

from community.models import Notification
from ideas import announcements, services
from tests.factories import IdeaFactory, MemberFactory, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed_idea(board):
    idea = IdeaFactory(title="Dark mode")
    emailed = {"idea_status": "email", "official_answers": "email"}
    voter, commenter, quiet = MemberFactory(channels=emailed), MemberFactory(channels=emailed), MemberFactory()
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
    with pytest.raises(Retry), TestCase.captureOnCommitCallbacks(execute=True):
        announcements.announce_status_change(change.pk)  # the email task asks to be retried
    assert not Notification.objects.filter(email_claimed_at__isnull=False).exists()  # claims given back
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", original)
    with TestCase.captureOnCommitCallbacks(execute=True):
        announcements.announce_status_change(change.pk)

    assert Notification.objects.count() == 3
    assert len(mailoutbox) == 2
    assert not Notification.objects.filter(channel="email", emailed_at__isnull=True).exists()


def test_an_official_answer_is_announced_to_followers_but_an_ordinary_comment_only_to_the_author(
    followed_idea, staff, mailoutbox, django_capture_on_commit_callbacks
):
    idea, voter, *_ = followed_idea

    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(voter, idea, "Any news?")
    assert [note.recipient for note in Notification.objects.all()] == [idea.author]
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        answer = services.add_comment(staff, idea, "We are on it.", official=True)

    notes = Notification.objects.filter(topic="official_answers")
    assert notes.count() == 3
    assert notes.first().title == "Official answer on “Dark mode”"
    assert notes.first().url.endswith(f"#comment-{answer.pk}")


def test_members_hear_it_in_their_own_language(board, staff, mailoutbox, django_capture_on_commit_callbacks):
    idea = IdeaFactory(title="Dunkelmodus")
    member = MemberFactory(language="de", channels={"idea_status": "email"})
    services.follow_idea(member, idea)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, status("planned"), staff)

    assert Notification.objects.get().title == "„Dunkelmodus“ ist jetzt Geplant"
    assert mailoutbox[0].subject == "„Dunkelmodus“ ist jetzt Geplant"
    assert "Hallo" in mailoutbox[0].body


def test_the_author_hears_of_a_comment_and_a_commenter_of_a_reply(
    board, mailoutbox, django_capture_on_commit_callbacks
):
    author, commenter, replier = MemberFactory(), MemberFactory(), MemberFactory()
    idea = services.submit_idea(author, title="Dark mode")
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(commenter, idea, "Yes, please.")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(replier, idea, "Me too.", parent=comment)

    titles = {(note.recipient, note.title) for note in Notification.objects.filter(topic="replies")}
    assert titles == {
        (author, f"{commenter.public_name} commented on your idea “Dark mode”"),
        (author, f"{replier.public_name} commented on your idea “Dark mode”"),
        (commenter, f"{replier.public_name} replied to your comment on “Dark mode”"),
    }
    assert not Notification.objects.filter(recipient=replier).exists()
    assert len(mailoutbox) == 3  # answers to one's own posts are emailed by default


def test_a_held_comment_is_announced_once_a_moderator_publishes_it(
    board, staff, django_capture_on_commit_callbacks, settings
):
    from community.moderation import services as moderation

    author, newcomer = MemberFactory(), MemberFactory()
    idea = services.submit_idea(author, title="Dark mode")
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(newcomer, idea, "Nice")
    comment.__class__.objects.filter(pk=comment.pk).update(moderation_state="pending")
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment, "published", staff)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment, "published", staff)  # decided twice: announced once

    assert Notification.objects.filter(topic="replies", recipient=author).count() == 1


def test_a_shipped_idea_is_product_news_for_owners_and_followers_of_the_product(
    board, staff, django_capture_on_commit_callbacks
):
    from community import follows
    from reviews.models import ProductIndexPage, ProductOwnership
    from tests.factories import ProductFactory

    home = board.get_parent()
    home.add_child(instance=ProductIndexPage(title="Products", slug="products"))
    product = ProductFactory(title="Sync")
    owner, fan, voter, bystander = MemberFactory(), MemberFactory(), MemberFactory(), MemberFactory()
    ProductOwnership.objects.create(member=owner, product=product)
    follows.follow(fan, product)
    idea = IdeaFactory(title="Offline mode", product=product)
    services.cast_vote(voter, idea)
    ProductOwnership.objects.create(member=voter, product=product)  # hears it once, as a voter
    for stage in ("planned", "in-progress", "shipped"):
        with django_capture_on_commit_callbacks(execute=True):
            services.change_status(idea, status(stage), staff, "Shipped in 4.2." if stage == "shipped" else "")

    news = Notification.objects.filter(topic="product_news")
    assert {note.recipient for note in news} == {owner, fan}
    assert news.first().title == "New in Sync: Offline mode"
    assert not Notification.objects.filter(recipient=bystander).exists()
    assert Notification.objects.filter(recipient=voter, topic="product_news").count() == 0
