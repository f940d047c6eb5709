import pytest

from community.follows import followers_of
from community.models import Notification
from ideas import services
from ideas.errors import InvalidInput, InvalidTransition, NotAllowed
from ideas.models import Vote
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_votes_and_followers_move_without_double_counting(staff):
    duplicate, survivor = IdeaFactory(), IdeaFactory()
    both, only_duplicate, only_survivor = MemberFactory.create_batch(3)
    for member in (both, only_duplicate):
        services.cast_vote(member, duplicate)
    for member in (both, only_survivor):
        services.cast_vote(member, survivor)

    result = services.merge_ideas(duplicate, survivor, staff, "Same request as this one.")

    duplicate.refresh_from_db()
    assert result == survivor
    assert survivor.vote_count == 3
    assert set(Vote.objects.filter(idea=survivor).values_list("member", flat=True)) == {
        both.pk,
        only_duplicate.pk,
        only_survivor.pk,
    }
    assert set(followers_of(survivor)) == {both, only_duplicate, only_survivor}
    assert survivor.follower_count == 3
    assert duplicate.merged_into == survivor
    assert duplicate.status.slug == "merged"
    assert (duplicate.vote_count, duplicate.follower_count) == (0, 0)
    assert not Vote.objects.filter(idea=duplicate).exists()
    change = duplicate.status_changes.get()
    assert (change.to_status.slug, change.message) == ("merged", "Same request as this one.")


def test_a_voter_keeps_the_importance_they_gave_the_survivor(staff):
    duplicate, survivor = IdeaFactory(), IdeaFactory()
    member = MemberFactory()
    services.cast_vote(member, duplicate, importance=Vote.Importance.NICE_TO_HAVE)
    services.cast_vote(member, survivor, importance=Vote.Importance.CRITICAL)

    services.merge_ideas(duplicate, survivor, staff)

    assert Vote.objects.get(member=member).importance == Vote.Importance.CRITICAL


def test_merging_needs_the_permission_and_two_distinct_live_ideas(staff, member):
    first, second, third = IdeaFactory(), IdeaFactory(), IdeaFactory()

    with pytest.raises(NotAllowed):
        services.merge_ideas(first, second, member)
    with pytest.raises(InvalidTransition):
        services.merge_ideas(first, first, staff)
    services.merge_ideas(first, second, staff)
    with pytest.raises(InvalidTransition):
        services.merge_ideas(first, third, staff)  # already merged
    with pytest.raises(InvalidTransition):
        services.merge_ideas(third, first, staff)  # into a merged idea


def test_the_duplicates_author_is_told_where_their_idea_lives_on(staff, django_capture_on_commit_callbacks):
    author = MemberFactory()
    duplicate, survivor = IdeaFactory(author=author, title="Night theme"), IdeaFactory(title="Dark mode")

    with django_capture_on_commit_callbacks(execute=True):
        services.merge_ideas(duplicate, survivor, staff, "Same wish.")

    notification = Notification.objects.get(recipient=author)
    assert notification.title == "Your idea “Night theme” was merged into “Dark mode”"
    assert notification.body.startswith("Same wish.")
    assert notification.url.endswith(f"#merged-{duplicate.pk}")
    assert not Notification.objects.exclude(recipient=author).filter(topic="account").exists()


def test_a_merge_message_is_checked_like_a_status_message(staff):
    duplicate, survivor = IdeaFactory(), IdeaFactory()

    with pytest.raises(InvalidInput):
        services.merge_ideas(duplicate, survivor, staff, "x" * 5_001)

    duplicate.refresh_from_db()
    assert not duplicate.is_merged
