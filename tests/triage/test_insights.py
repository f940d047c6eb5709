"""The insights dashboard: its figures, and the page that draws them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from community.models import Segment
from ideas import services, shipped
from tests.factories import IdeaFactory, MemberFactory, ReviewFactory, status
from triage import charts, insights

pytestmark = pytest.mark.django_db


def test_ideas_per_week_counts_each_week_and_shows_empty_ones():
    now = timezone.now()
    IdeaFactory(created_at=now)
    IdeaFactory(created_at=now)
    IdeaFactory(created_at=now - timedelta(weeks=2))
    IdeaFactory(created_at=now - timedelta(weeks=20))  # before the window
    IdeaFactory(created_at=now, moderation_state="pending")  # not received publicly

    weeks = insights.ideas_per_week(now=now)

    assert len(weeks) == 12
    assert [count for _monday, count in weeks][-3:] == [1, 0, 2]
    assert sum(count for _monday, count in weeks) == 3
    assert all(monday.weekday() == 0 for monday, _count in weeks)


def test_time_to_first_response_takes_the_earlier_of_answer_and_status_change(staff):
    now = timezone.now()
    answered = IdeaFactory(created_at=now - timedelta(days=3))
    moved = IdeaFactory(created_at=now - timedelta(days=10))
    IdeaFactory(created_at=now - timedelta(days=1))  # still waiting
    comment = services.add_comment(staff, answered, "We look into it.", official=True)
    type(comment).objects.filter(pk=comment.pk).update(created_at=now - timedelta(days=2))  # after 1 day
    change = services.change_status(moved, status("planned"), staff)
    type(change).objects.filter(pk=change.pk).update(created_at=now - timedelta(days=7))  # after 3 days

    times = insights.first_response_times()

    assert (times.ideas, times.answered) == (3, 2)
    assert times.median == timedelta(days=2)
    assert timedelta(days=2) < times.p90 <= timedelta(days=3)


def test_the_funnel_counts_every_stage_up_to_the_furthest_reached(staff):
    straight_to_planned, shipped_one, declined = IdeaFactory(), IdeaFactory(), IdeaFactory()
    IdeaFactory()
    services.change_status(straight_to_planned, status("planned"), staff)
    for slug in ("under-review", "in-progress", "shipped"):
        services.change_status(shipped_one, status(slug), staff)
    services.change_status(declined, status("declined"), staff)

    funnel = dict(insights.status_funnel())

    assert funnel == {
        "Received": 4,
        "Under review": 2,
        "Planned": 2,
        "In progress": 1,
        "Done": 1,
        "Closed": 1,
    }


def test_top_ideas_per_segment_count_that_segments_votes():
    enterprise = Segment.objects.create(name="Enterprise", weight=Decimal("3"))
    loved, liked = IdeaFactory(title="SSO"), IdeaFactory(title="Audit log")
    for voter in MemberFactory.create_batch(3, segment=enterprise):
        services.cast_vote(voter, loved)
    services.cast_vote(MemberFactory(segment=enterprise), liked)
    for voter in MemberFactory.create_batch(5):
        services.cast_vote(voter, liked)

    [top] = insights.top_ideas_per_segment()

    assert [(idea.title, votes) for idea, votes in top.ideas] == [("SSO", 3), ("Audit log", 1)]


def test_rating_trends_average_each_month(product):
    now = timezone.now()
    ReviewFactory(product=product, rating=5, created_at=now)
    ReviewFactory(product=product, rating=2, created_at=now)
    ReviewFactory(product=product, rating=4, created_at=now - timedelta(days=62))
    ReviewFactory(product=product, rating=1, created_at=now, moderation_state="rejected")

    [trend] = insights.rating_trends(now=now)

    assert trend.months[-1][1:] == (3.5, 2)
    assert [average for _month, average, _count in trend.months].count(None) == 4
    assert 4.0 in [average for _month, average, _count in trend.months]


def test_charts_scale_to_the_largest_value():
    drawn = charts.bars([("a", 2), ("b", 4), ("c", 0)])
    heights = [bar.height for bar in drawn["bars"]]
    assert heights[1] == pytest.approx(2 * heights[0]) and heights[2] == 0
    line = charts.line([("1", 5.0), ("2", None), ("3", 1.0)], low=1, high=5)
    assert len(line["paths"]) == 2 and len(line["dots"]) == 2


@pytest.fixture
def pm_client(client):
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    from community.members.groups import PRODUCT_MANAGERS

    pm = MemberFactory(is_staff=True)
    pm.groups.add(Group.objects.get(name=PRODUCT_MANAGERS))
    Authenticator.objects.create(user=pm, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(pm)
    return client, pm


def test_the_dashboard_draws_every_section_with_the_same_queries_as_data_grows(
    pm_client, product, board, django_assert_max_num_queries
):
    client, pm = pm_client
    Segment.objects.create(name="Enterprise")

    def grow(count):
        for _ in range(count):
            idea = IdeaFactory(product=product)
            voter = MemberFactory()
            services.cast_vote(voter, idea)
            services.change_status(idea, status("shipped"), pm)
            shipped.answer(voter, idea, "yes")
            ReviewFactory(product=product)

    grow(2)
    with django_assert_max_num_queries(60) as few:
        page = client.get("/admin/insights/")
    grow(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/insights/")

    html = page.content.decode()
    assert page.status_code == 200
    for heading in ("Ideas received per week", "How far ideas get", "Did what shipped solve it?", "Enterprise", "Sync"):
        assert heading in html
    assert html.count('role="img"') >= 3  # the week bars, the funnel and a rating line
    assert "100 %" in html  # every answer so far was "yes"
