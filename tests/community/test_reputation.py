"""Reputation points and badges for useful activity: each award once, the total exact."""

import pytest
from django.urls import reverse

from community.errors import NotAllowed
from community.models import ReputationEvent, User
from community.profiles import reputation
from ideas import services as idea_services
from ideas.reputation import IDEA_PLANNED
from reviews import services as review_services
from reviews.models import ProductIndexPage
from reviews.reputation import REVIEW_HELPFUL
from tests.factories import IdeaFactory, MemberFactory, ProductFactory, status
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db


def points(member) -> int:
    return User.objects.values_list("reputation", flat=True).get(pk=member.pk)


def test_an_award_is_given_once_per_key_and_can_be_taken_back():
    member = MemberFactory()

    first = reputation.award(member.pk, REVIEW_HELPFUL, "helpful:1:2")
    again = reputation.award(member.pk, REVIEW_HELPFUL, "helpful:1:2")

    assert (first, again, points(member)) == (True, False, 2)
    assert reputation.revoke("helpful:1:2") is True
    assert reputation.revoke("helpful:1:2") is False
    assert points(member) == 0


def test_an_idea_that_gets_planned_earns_its_author_points_once(board, staff):
    idea = IdeaFactory()

    for slug in ("planned", "in-progress", "shipped"):
        idea_services.change_status(idea, status(slug), staff)

    assert points(idea.author) == 10
    assert [badge.key for badge in reputation.badges_of(User.objects.get(pk=idea.author_id))] == ["idea_maker"]


def test_helpful_marks_earn_points_and_withdrawing_takes_them_back(board):
    board.get_parent().add_child(instance=ProductIndexPage(title="Products", slug="products"))
    product = ProductFactory(title="Sync")
    author = MemberFactory()
    review = review_services.submit_review(author, product, rating=4, title="Good").review
    readers = [MemberFactory() for _ in range(5)]

    for reader in readers:
        review_services.mark_helpful(reader, review)
    review_services.mark_helpful(readers[0], review)  # twice: counted once
    assert points(author) == 10
    assert "helpful_reviewer" in [badge.key for badge in reputation.badges_of(User.objects.get(pk=author.pk))]

    review_services.unmark_helpful(readers[0], review)

    assert points(author) == 8
    assert ReputationEvent.objects.filter(member=author).count() == 4


class TestAcceptedAnswers:
    @pytest.fixture
    def thread(self, board):
        asker, helper, other = MemberFactory(), MemberFactory(), MemberFactory()
        idea = idea_services.submit_idea(asker, title="How do I export to CSV?")
        first = idea_services.add_comment(helper, idea, "Use the export button.")
        second = idea_services.add_comment(other, idea, "Or the API.")
        return idea, asker, first, second

    def test_the_ideas_author_accepts_an_answer_and_its_author_earns_points(self, thread):
        idea, asker, first, _ = thread

        idea_services.accept_answer(asker, first)

        first.refresh_from_db()
        assert first.is_accepted
        assert points(first.author) == 15

    def test_a_new_choice_replaces_the_old_one_and_its_points(self, thread):
        idea, asker, first, second = thread
        idea_services.accept_answer(asker, first)

        idea_services.accept_answer(asker, second)

        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.is_accepted, second.is_accepted) == (False, True)
        assert (points(first.author), points(second.author)) == (0, 15)

    def test_others_cannot_accept_and_nobody_accepts_their_own(self, thread, staff):
        idea, asker, first, second = thread

        with pytest.raises(NotAllowed):
            idea_services.accept_answer(second.author, first)  # not the idea's author
        own = idea_services.add_comment(asker, idea, "Found it myself.")
        with pytest.raises(NotAllowed):
            idea_services.accept_answer(asker, own)
        idea_services.accept_answer(staff, first)  # the team may
        assert points(first.author) == 15

    def test_the_page_shows_the_button_to_the_author_and_marks_the_answer(self, client, thread):
        idea, asker, first, _ = thread
        page = f"/ideas/{idea.pk}-{idea.slug}/"
        client.force_login(first.author)
        assert "Mark as the answer" not in client.get(page).content.decode()
        client.force_login(asker)
        assert "Mark as the answer" in client.get(page).content.decode()

        response = client.post(f"/ideas/{idea.pk}/comments/{first.pk}/accept/", follow=True)

        assert "Accepted answer" in response.content.decode()
        client.post(f"/ideas/{idea.pk}/comments/{first.pk}/accept/", {"action": "withdraw"})
        first.refresh_from_db()
        assert not first.is_accepted
        assert points(first.author) == 0

    def test_a_comment_of_another_idea_is_not_found(self, client, thread, board):
        idea, asker, first, _ = thread
        elsewhere = IdeaFactory(author=asker)
        client.force_login(asker)

        response = client.post(f"/ideas/{elsewhere.pk}/comments/{first.pk}/accept/")

        assert response.status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_awards_of_one_key_count_once():
    member = MemberFactory()

    results = []

    errors = run_at_once(
        lambda _: results.append(reputation.award(member.pk, IDEA_PLANNED, "idea-planned:7")),
        range(8),
    )

    assert errors == []
    assert sorted(results) == [False] * 7 + [True]
    assert points(member) == 10
    assert ReputationEvent.objects.count() == 1


def test_the_profile_shows_points_type_and_badges(client, board, staff):
    idea = IdeaFactory()
    idea_services.change_status(idea, status("planned"), staff)

    client.force_login(idea.author)  # the buyer type is the member's and the team's to see

    body = client.get(reverse("profile", args=[idea.author_id])).content.decode()

    assert "10 reputation points" in body
    assert "Idea maker" in body
    assert "A mix of everything, or not much yet." in body
