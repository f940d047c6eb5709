import pytest

from community.follows import is_following
from ideas import services
from ideas.errors import IdeaMerged, InvalidInput, NotAllowed, NotVerified, VotingClosed
from ideas.models import Vote
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status

pytestmark = pytest.mark.django_db


def test_a_vote_counts_once_and_makes_the_voter_follow(member):
    idea = IdeaFactory()

    first = services.cast_vote(member, idea)
    again = services.cast_vote(member, idea)

    assert (first.vote_count, first.changed) == (1, True)
    assert (again.vote_count, again.changed, again.voted) == (1, False, True)
    assert Vote.objects.filter(idea=idea).count() == 1
    assert is_following(member, idea)


def test_voting_again_with_an_importance_updates_it_without_counting_twice(member):
    idea = IdeaFactory()
    services.cast_vote(member, idea)

    result = services.cast_vote(member, idea, importance=Vote.Importance.CRITICAL)

    assert (result.vote_count, result.changed) == (1, True)
    assert Vote.objects.get(idea=idea, member=member).importance == Vote.Importance.CRITICAL


def test_an_unknown_importance_is_refused(member):
    with pytest.raises(InvalidInput) as error:
        services.cast_vote(member, IdeaFactory(), importance=7)

    assert "importance" in error.value.details


def test_withdrawing_takes_the_vote_back_once(member):
    idea = IdeaFactory()
    services.cast_vote(member, idea)

    first = services.withdraw_vote(member, idea)
    again = services.withdraw_vote(member, idea)

    assert (first.vote_count, first.changed, first.voted) == (0, True, False)
    assert (again.vote_count, again.changed) == (0, False)


@pytest.mark.parametrize("slug", ["shipped", "declined"])
def test_voting_is_closed_once_an_idea_is_shipped_or_declined(member, slug):
    idea = IdeaFactory(status=status(slug))

    with pytest.raises(VotingClosed):
        services.cast_vote(member, idea)

    assert idea.votes.count() == 0


@pytest.mark.parametrize("slug", ["new", "under-review", "planned", "in-progress"])
def test_voting_is_open_until_then(member, slug):
    assert services.cast_vote(member, IdeaFactory(status=status(slug))).vote_count == 1


def test_voting_on_a_merged_idea_points_to_the_survivor(member):
    duplicate, survivor = IdeaFactory(), IdeaFactory()
    services.merge_ideas(duplicate, survivor, StaffFactory())

    with pytest.raises(IdeaMerged) as error:
        services.cast_vote(member, duplicate)

    assert error.value.details == {"into": survivor.pk}


def test_unverified_and_anonymous_members_cannot_vote():
    from django.contrib.auth.models import AnonymousUser

    idea = IdeaFactory()

    with pytest.raises(NotVerified):
        services.cast_vote(MemberFactory(verified=False), idea)
    with pytest.raises(NotAllowed):
        services.cast_vote(AnonymousUser(), idea)
    assert idea.votes.count() == 0


def test_trending_ranks_this_weeks_votes_above_older_ones():
    from datetime import timedelta

    from django.utils import timezone

    from ideas.models import Idea

    old_favourite, rising = IdeaFactory(title="Old favourite"), IdeaFactory(title="Rising")
    for member in MemberFactory.create_batch(3):
        services.cast_vote(member, old_favourite)
    Vote.objects.filter(idea=old_favourite).update(created_at=timezone.now() - timedelta(days=30))
    for member in MemberFactory.create_batch(2):
        services.cast_vote(member, rising)

    services.refresh_trend_scores()

    scores = dict(Idea.objects.values_list("title", "trend_score"))
    assert scores == {"Old favourite": 0, "Rising": 2}
    assert [idea.title for idea in Idea.objects.order_by("-trend_score")] == ["Rising", "Old favourite"]


def test_the_live_trend_score_follows_votes_and_withdrawals(member):
    idea = IdeaFactory()

    services.cast_vote(member, idea)
    idea.refresh_from_db()
    assert idea.trend_score == 1
    services.withdraw_vote(member, idea)
    idea.refresh_from_db()
    assert idea.trend_score == 0
