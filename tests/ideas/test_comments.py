import pytest
from django.contrib.auth.models import Permission

from community.follows import is_following
from ideas import services
from ideas.errors import CommentsClosed, IdeaMerged, InvalidInput, NotAllowed, NotVerified
from tests.factories import IdeaFactory, MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_comment_is_counted_and_its_author_follows_the_idea(member):
    idea = IdeaFactory()

    comment = services.add_comment(member, idea, "  Me too: **every day**.  ")

    idea.refresh_from_db()
    assert comment.body == "Me too: **every day**."
    assert idea.comment_count == 1
    assert is_following(member, idea)


def test_replies_stay_one_level_deep(member):
    idea = IdeaFactory()
    top = services.add_comment(member, idea, "First")
    reply = services.add_comment(MemberFactory(), idea, "Reply", parent=top)

    reply_to_reply = services.add_comment(member, idea, "Reply to the reply", parent=reply)

    assert reply.parent == top
    assert reply_to_reply.parent == top


def test_a_reply_must_belong_to_the_same_idea(member):
    elsewhere = services.add_comment(member, IdeaFactory(), "Elsewhere")

    with pytest.raises(InvalidInput) as error:
        services.add_comment(member, IdeaFactory(), "Reply", parent=elsewhere)

    assert "parent" in error.value.details


@pytest.mark.parametrize(("body", "message"), [("   ", "This field is required."), ("x" * 5_001, "under 5000")])
def test_an_empty_or_oversized_comment_is_refused(member, body, message):
    idea = IdeaFactory()

    with pytest.raises(InvalidInput) as error:
        services.add_comment(member, idea, body)

    assert message in error.value.details["body"][0]
    assert idea.comments.count() == 0


def test_only_staff_with_the_permission_answer_officially(member):
    idea = IdeaFactory()
    manager = MemberFactory()
    manager.user_permissions.add(Permission.objects.get(codename="post_official_comment"))

    with pytest.raises(NotAllowed):
        services.add_comment(member, idea, "Official?", official=True)
    answer = services.add_comment(manager, idea, "We are on it.", official=True)

    assert answer.is_official


def test_a_merged_idea_takes_no_comments(member):
    duplicate = IdeaFactory()
    services.merge_ideas(duplicate, IdeaFactory(), StaffFactory())

    with pytest.raises(IdeaMerged):
        services.add_comment(member, duplicate, "Hello?")


def test_unverified_members_cannot_comment():
    with pytest.raises(NotVerified):
        services.add_comment(MemberFactory(verified=False), IdeaFactory(), "Hi")


def test_comments_closed_is_a_clear_error():
    assert "no more comments" in str(CommentsClosed().message)
