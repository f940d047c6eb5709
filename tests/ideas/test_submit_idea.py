import pytest

from community.follows import is_following
from ideas import services
from ideas.errors import InvalidInput, NotVerified
from ideas.models import Idea, VotingSettings
from tests.factories import IdeaTagFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_a_member_submits_an_idea_in_the_default_status_and_follows_it(member):
    tag = IdeaTagFactory(slug="sharing")

    idea = services.submit_idea(
        member, title="  Share folders by link  ", body="With an expiry date.", tags=["sharing"]
    )

    idea.refresh_from_db()
    assert idea.title == "Share folders by link"
    assert idea.status.slug == "new"
    assert list(idea.tags.all()) == [tag]
    assert idea.follower_count == 1
    assert is_following(member, idea)
    assert idea.comment_count == 0


def test_an_idea_starts_with_its_authors_vote(member):
    idea = services.submit_idea(member, title="Dark mode")

    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert list(idea.votes.values_list("member", flat=True)) == [member.pk]
    assert (idea.follower_count, idea.weighted_demand) == (1, 1)


def test_the_community_may_choose_that_ideas_start_without_votes(member):
    VotingSettings.objects.create(author_votes=False)

    idea = services.submit_idea(member, title="Dark mode")

    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert not idea.votes.exists()
    assert idea.follower_count == 1


def test_the_author_withdraws_their_own_vote_like_any_other(member):
    idea = services.submit_idea(member, title="Dark mode")

    services.withdraw_vote(member, idea)

    idea.refresh_from_db()
    assert (idea.vote_count, idea.weighted_demand) == (0, 0)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   "}, "title", "This field is required."),
        ({"title": "x" * 141}, "title", "Please keep it under 140 characters."),
        ({"title": "Fine", "body": "x" * 10_001}, "body", "Please keep it under 10000 characters."),
        ({"title": "Fine", "tags": ["no-such-tag"]}, "tags", "Unknown tag: no-such-tag."),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(member, fields, field, message):
    with pytest.raises(InvalidInput) as error:
        services.submit_idea(member, **fields)

    assert error.value.details[field] == [message]
    assert not Idea.objects.exists()


def test_all_field_errors_come_back_at_once(member):
    with pytest.raises(InvalidInput) as error:
        services.submit_idea(member, title="", body="x" * 10_001, tags=["nope"])

    assert set(error.value.details) == {"title", "body", "tags"}


def test_an_unverified_member_is_told_to_verify_first():
    member = MemberFactory(verified=False)

    with pytest.raises(NotVerified) as error:
        services.submit_idea(member, title="Hello")

    assert "verify your email address" in str(error.value.message)
    assert not Idea.objects.exists()


def test_an_unpublished_product_cannot_be_chosen(member, site):
    from community import site as site_setup
    from reviews.demo import seed_products
    from reviews.models import ProductPage

    seed_products(site_setup.SeedReport())
    product = ProductPage.objects.get(slug="sync")
    product.unpublish()

    with pytest.raises(InvalidInput) as error:
        services.submit_idea(member, title="Faster sync", product=product)

    assert "product" in error.value.details


def test_a_null_character_is_refused_not_a_database_error(member):
    with pytest.raises(InvalidInput) as error:
        services.submit_idea(member, title="Hi\x00there")

    assert error.value.details["title"] == ["Null characters are not allowed."]
