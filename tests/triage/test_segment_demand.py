"""Each segment's demand per idea is kept by the votes (ideas.models.SegmentDemand), so
the triage desk narrowed to a segment sorts by index; it stays what the votes say."""

from decimal import Decimal

import pytest

from community.models import Segment
from ideas import demand, services
from ideas.models import DemandSettings, Idea, SegmentDemand
from tests.factories import IdeaFactory, MemberFactory, StaffFactory
from triage import services as triage

pytestmark = pytest.mark.django_db


@pytest.fixture
def segments():
    DemandSettings.objects.create(value_cap=Decimal("1000"))
    return Segment.objects.create(name="Enterprise", weight=Decimal("3")), Segment.objects.create(name="Shops")


def kept(idea) -> dict[str, tuple[int, Decimal]]:
    rows = SegmentDemand.objects.filter(idea=idea).select_related("segment")
    return {row.segment.name: (row.votes, row.value) for row in rows if row.votes or row.value}


def test_votes_and_withdrawals_move_their_segments_row(segments):
    enterprise, shops = segments
    idea = IdeaFactory()
    big = MemberFactory(segment=enterprise, customer_value=Decimal("5000"))  # counts 1 000 (the cap)
    small = MemberFactory(segment=enterprise, customer_value=Decimal("200"))
    shop = MemberFactory(segment=shops)
    nobody = MemberFactory()

    for member in (big, small, shop, nobody):
        services.cast_vote(member, idea)
    services.cast_vote(big, idea)  # again: nothing changes
    assert kept(idea) == {"Enterprise": (2, Decimal("1200")), "Shops": (1, Decimal("0"))}

    services.withdraw_vote(small, idea)
    services.withdraw_vote(small, idea)  # a vote that is not there: nothing changes
    assert kept(idea) == {"Enterprise": (1, Decimal("1000")), "Shops": (1, Decimal("0"))}
    assert demand.drift(Idea.objects.filter(pk=idea.pk)) == []


def test_a_member_moving_segment_and_a_merge_are_recomputed(segments):
    enterprise, shops = segments
    first, second = IdeaFactory(), IdeaFactory()
    mover = MemberFactory(segment=enterprise, customer_value=Decimal("300"))
    services.cast_vote(mover, first)

    type(mover).objects.filter(pk=mover.pk).update(segment=shops)
    mover.refresh_from_db()
    services.withdraw_vote(mover, first)  # its vote was counted for Enterprise: nothing goes below zero
    services.cast_vote(mover, first)
    demand.refresh_for_members([mover.pk])
    assert kept(first) == {"Shops": (1, Decimal("300"))}

    services.cast_vote(MemberFactory(segment=shops), second)
    services.merge_ideas(second, first, by=StaffFactory(is_superuser=True))
    assert kept(first) == {"Shops": (2, Decimal("300"))}
    assert kept(second) == {}
    assert demand.drift(Idea.objects.filter(pk__in=[first.pk, second.pk])) == []


def test_the_desk_narrowed_to_a_segment_ranks_by_the_kept_rows(segments):
    enterprise, shops = segments
    ideas = IdeaFactory.create_batch(4)
    valued = MemberFactory(segment=enterprise, customer_value=Decimal("900"))
    for count, idea in zip((3, 1, 2), ideas, strict=False):
        for member in MemberFactory.create_batch(count, segment=enterprise):
            services.cast_vote(member, idea)
    services.cast_vote(valued, ideas[1])
    for member in MemberFactory.create_batch(5, segment=shops):
        services.cast_vote(member, ideas[3])  # many votes, none from Enterprise

    def listed(sort):
        rows = triage.board(triage.Filters(segment=enterprise, sort=sort))
        return [(idea.pk, idea.demand_votes, idea.demand_weighted, idea.demand_value) for idea in rows[0:10]]

    by_weight = listed("weighted")
    assert [row[0] for row in by_weight] == [ideas[0].pk, ideas[2].pk, ideas[1].pk]  # 3, 2 and 2 votes: newer first
    assert by_weight[0][1:] == (3, Decimal("9"), Decimal("0"))
    assert [row[0] for row in listed("value")] == [ideas[1].pk, ideas[0].pk, ideas[2].pk]
    assert triage.board(triage.Filters(segment=enterprise)).count() == 3
    counted = {idea.pk: idea.votes.filter(member__segment=enterprise).count() for idea in ideas}
    assert {row[0]: row[1] for row in by_weight} == {pk: n for pk, n in counted.items() if n}
