"""Each archetype's rule, checked with members built to fit it."""

import pytest
from django.urls import reverse

from community import follows
from community.models import Archetype, User
from community.profiles import archetypes
from community.profiles.archetypes import Activity, classify
from ideas import services as idea_services
from reviews import services as review_services
from reviews.models import ProductIndexPage
from tests.factories import IdeaFactory, MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(board):
    board.get_parent().add_child(instance=ProductIndexPage(title="Products", slug="products"))
    return [ProductFactory(title=f"Product {n}") for n in range(4)]


def build_expert(products) -> User:
    """Writes reviews that others find helpful."""
    expert = MemberFactory()
    for product in products[:2]:
        review = review_services.submit_review(expert, product, rating=4, title="Thorough").review
        for _ in range(3):
            review_services.mark_helpful(MemberFactory(), review)
    return expert


def build_salesman(board) -> User:
    """Posts one idea that many others vote for."""
    salesman = MemberFactory()
    idea = idea_services.submit_idea(salesman, title="Offline mode")
    for _ in range(22):
        idea_services.cast_vote(MemberFactory(), idea)
    idea_services.cast_vote(salesman, IdeaFactory())
    return salesman


def build_connector(products) -> User:
    """Follows a lot and takes part across products, with many members."""
    connector = MemberFactory()
    for product in products:
        follows.follow(connector, product)
    for number in range(6):
        idea = IdeaFactory(product=products[number % 3], title=f"Idea {number}")
        idea_services.add_comment(connector, idea, "Good point, and related to …")
    return connector


def build_independent(products) -> User:
    """Posts ideas and reviews of their own, rarely looks at others'."""
    independent = MemberFactory()
    for number in range(3):
        idea_services.submit_idea(independent, title=f"My idea {number}")
    review_services.submit_review(independent, products[0], rating=3, title="Mine")
    idea_services.cast_vote(independent, IdeaFactory())
    return independent


def build_seeker(products) -> User:
    """Votes, follows and reads; posts nothing."""
    seeker = MemberFactory()
    for number in range(4):
        idea_services.cast_vote(seeker, IdeaFactory(title=f"Wanted {number}"))
    follows.follow(seeker, products[0])
    return seeker


def test_each_member_gets_the_type_that_fits_what_they_do(board, products):
    built = {
        Archetype.EXPERT: build_expert(products),
        Archetype.SALESMAN: build_salesman(board),
        Archetype.CONNECTOR: build_connector(products),
        Archetype.INDEPENDENT: build_independent(products),
        Archetype.SEEKER: build_seeker(products),
        Archetype.OTHER: MemberFactory(),  # nothing yet
    }

    archetypes.recompute([member.pk for member in built.values()])

    found = {expected: User.objects.get(pk=member.pk).archetype for expected, member in built.items()}
    assert found == {archetype: archetype for archetype in built}
    assert User.objects.get(pk=built[Archetype.EXPERT].pk).archetype_computed_at is not None


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        (Activity(votes=4), Archetype.OTHER),  # too little to tell
        (Activity(reviews=2, helpful_received=5), Archetype.EXPERT),
        (Activity(comments=5, answers_accepted=2), Archetype.EXPERT),  # 2 × 3 ≥ 5
        (Activity(ideas=2, votes=3, votes_received=19), Archetype.OTHER),  # just under 20
        (Activity(ideas=2, votes=3, votes_received=20), Archetype.SALESMAN),
        (Activity(ideas=3, votes=2, votes_received=25), Archetype.INDEPENDENT),  # many ideas, few votes each
        (Activity(ideas=1, votes_received=25), Archetype.SALESMAN),  # however little they do themselves
        (Activity(follows=5, members_met={1, 2, 3, 4, 5}, products_touched={1, 2, 3}), Archetype.CONNECTOR),
        (Activity(follows=5, members_met={1, 2, 3, 4}, products_touched={1, 2, 3}), Archetype.SEEKER),
        (Activity(ideas=2, reviews=1, engaged_with_others=3), Archetype.OTHER),  # engages as much as posts
        (Activity(votes=9, ideas=3), Archetype.INDEPENDENT),
        (Activity(votes=9, ideas=2), Archetype.SEEKER),
    ],
)
def test_the_rules_at_their_edges(activity, expected):
    assert classify(activity) == expected


def test_recomputing_takes_the_same_queries_for_many_members(board, products, django_assert_max_num_queries):
    members = [build_seeker(products) for _ in range(4)] + [build_independent(products) for _ in range(4)]

    with django_assert_max_num_queries(20):
        distribution = archetypes.recompute([member.pk for member in members])

    assert distribution[Archetype.SEEKER] == 4
    assert distribution[Archetype.INDEPENDENT] == 4


def test_the_nightly_task_classifies_everyone(board, products):
    from community import tasks

    seeker = build_seeker(products)

    result = tasks.recompute_archetypes.delay().get()

    assert result[Archetype.SEEKER] >= 1
    assert User.objects.get(pk=seeker.pk).archetype == Archetype.SEEKER


def test_staff_see_the_distribution_and_filter_members_by_type(admin_client, board, products):
    seeker = build_seeker(products)
    other = MemberFactory(display_name="Quiet Quentin")
    archetypes.recompute()

    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    listing = admin_client.get(reverse("members:index") + "?archetype=seeker").content.decode()

    assert "Members by buyer type" in dashboard
    assert "Reads, votes and follows; posts little." in dashboard
    assert seeker.email in listing
    assert other.email not in listing
