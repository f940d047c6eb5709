import pytest
from django.contrib.auth.models import AnonymousUser

from community.follows import followers_of, is_following
from ideas import services
from ideas.errors import NotAllowed
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_following_and_unfollowing_are_idempotent_and_counted(member):
    idea = IdeaFactory()

    assert services.follow_idea(member, idea) is True
    assert services.follow_idea(member, idea) is False
    idea.refresh_from_db()
    assert idea.follower_count == 1
    assert list(followers_of(idea)) == [member]

    assert services.unfollow_idea(member, idea) is True
    assert services.unfollow_idea(member, idea) is False
    idea.refresh_from_db()
    assert idea.follower_count == 0
    assert not is_following(member, idea)


def test_a_voter_may_unfollow_and_keep_the_vote(member):
    idea = IdeaFactory()
    services.cast_vote(member, idea)

    services.unfollow_idea(member, idea)

    idea.refresh_from_db()
    assert (idea.vote_count, idea.follower_count) == (1, 0)


def test_signed_out_visitors_cannot_follow():
    with pytest.raises(NotAllowed):
        services.follow_idea(AnonymousUser(), IdeaFactory())
