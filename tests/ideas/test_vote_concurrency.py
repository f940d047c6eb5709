"""Many members voting at the same moment: no vote lost, none counted twice.

Real threads, each with its own database connection; on PostgreSQL in CI's second
run, on SQLite (writers queue) in the first.
"""

import threading

import pytest
from django.db import connection, transaction

from ideas import services
from ideas.models import Idea, Vote
from tests.factories import IdeaFactory, MemberFactory
from tests.threads import run_at_once

THREADS = 64  # members voting at the same moment


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sixty_four_members_voting_at_once_make_exactly_sixty_four_votes():
    idea = IdeaFactory()
    members = MemberFactory.create_batch(THREADS)

    errors = run_at_once(lambda member: services.cast_vote(member, idea), members)

    assert errors == []
    idea.refresh_from_db()
    assert Vote.objects.filter(idea=idea).count() == THREADS
    assert idea.vote_count == THREADS
    assert idea.follower_count == THREADS  # voters follow; a factory-made idea has no author follow


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_member_voting_sixty_four_times_at_once_makes_one_vote():
    idea = IdeaFactory()
    member = MemberFactory()

    errors = run_at_once(lambda _: services.cast_vote(member, idea), range(THREADS))

    assert errors == []
    idea.refresh_from_db()
    assert Vote.objects.filter(idea=idea).count() == 1
    assert idea.vote_count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_votes_and_withdrawals_at_once_keep_the_counter_true():
    idea = IdeaFactory()
    members = MemberFactory.create_batch(THREADS)
    for member in members[: THREADS // 2]:
        services.cast_vote(member, idea)

    def flip(member):
        if Vote.objects.filter(idea=idea, member=member).exists():
            services.withdraw_vote(member, idea)
        else:
            services.cast_vote(member, idea)

    errors = run_at_once(flip, members)

    assert errors == []
    assert Idea.objects.get(pk=idea.pk).vote_count == Vote.objects.filter(idea=idea).count() == THREADS // 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_weighted_demand_stays_exact_with_voters_of_every_segment_at_once():
    from decimal import Decimal

    from community.models import Segment
    from ideas import demand
    from ideas.models import SegmentDemand

    heavy = Segment.objects.create(name="Heavy", weight=Decimal("2.5"))
    idea = IdeaFactory()
    members = MemberFactory.create_batch(THREADS // 2, segment=heavy, customer_value=Decimal("100"))
    members += MemberFactory.create_batch(THREADS // 2)
    for member in members[:10]:
        services.cast_vote(member, idea)

    def toggle(member):
        if Vote.objects.filter(idea=idea, member=member).exists():
            services.withdraw_vote(member, idea)
        else:
            services.cast_vote(member, idea)

    errors = run_at_once(toggle, members)

    assert errors == []
    idea.refresh_from_db()
    voters = list(Vote.objects.filter(idea=idea).select_related("member"))
    assert idea.vote_count == len(voters) == THREADS - 10
    expected = sum((Decimal("2.5") if vote.member.segment_id else Decimal("1")) for vote in voters)
    assert idea.weighted_demand == expected
    assert idea.value_demand == Decimal("100") * sum(1 for vote in voters if vote.member.segment_id)
    assert demand.drift(type(idea).objects.filter(pk=idea.pk)) == []  # the segment's kept row too
    kept = SegmentDemand.objects.get(idea=idea, segment=heavy)
    assert kept.votes == sum(1 for vote in voters if vote.member.segment_id)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL (SQLite writers queue anyway)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_vote_does_not_wait_for_another_idea_in_the_same_status():
    """Locking an idea locks its row only: its status row is shared by every idea in
    that status, and locking it too made all votes on open ideas wait for one another."""
    busy, other = IdeaFactory(), IdeaFactory()
    assert busy.status_id == other.status_id
    member = MemberFactory()
    locked, release = threading.Event(), threading.Event()

    def hold_the_first_idea(_):
        with transaction.atomic():
            services.cast_vote(MemberFactory(), busy)  # takes the same locks as any vote
            locked.set()
            release.wait(timeout=10)

    def vote_on_the_other(_):
        locked.wait(timeout=10)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            services.cast_vote(member, other)
        finally:
            release.set()

    errors = run_at_once(lambda work: work(None), [hold_the_first_idea, vote_on_the_other])

    assert errors == []
    assert Idea.objects.get(pk=other.pk).vote_count == 1
    assert Idea.objects.get(pk=busy.pk).vote_count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_votes_waiting_on_a_status_change_are_counted(staff):
    """A vote that waited for the idea's row while its status changed still finds the
    idea (PostgreSQL re-reads the row it waited for; a joined status row would not match)."""
    from tests.factories import status

    idea = IdeaFactory()
    voters = MemberFactory.create_batch(12)

    def act(person):
        if person == staff:
            services.change_status(idea, status("in-progress"), staff)
        else:
            services.cast_vote(person, idea)

    errors = run_at_once(act, [staff, *voters])

    assert errors == []
    idea.refresh_from_db()
    assert idea.status == status("in-progress")
    assert idea.vote_count == 12 == Vote.objects.filter(idea=idea).count()
