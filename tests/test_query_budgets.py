"""Every endpoint `make bench` loads keeps its SQL query budget, signed in, at 1 000 and at 100 000 ideas.

The budgets live with the benchmark (bench/endpoints.py); `make bench` prints the same
counts with their time on PostgreSQL. The 99 000 extra ideas are bare rows: what a
page costs in queries depends on how it reads, not on what the rows hold.
"""

import pytest
from django.core.management import call_command

from bench.endpoints import ENDPOINTS, find_targets
from bench.queries import measure_all
from community.models import User
from ideas.models import Idea, Status
from tests.factories import MemberFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.scale]
LARGE = 100_000


def add_bare_ideas(total: int) -> None:
    author = User.objects.filter(is_staff=False).order_by("pk").first()
    default = Status.objects.default()
    missing = total - Idea.objects.count()
    for start in range(0, missing, 10_000):
        Idea.objects.bulk_create(
            Idea(title=f"Generated idea {start + number}", author=author, status=default)
            for number in range(min(10_000, missing - start))
        )


def test_every_benchmarked_endpoint_keeps_its_query_budget_at_1000_and_100000_ideas(capsys):
    call_command("seed_demo")
    call_command("seed_demo", "--members", "200", "--ideas", str(1_000 - Idea.objects.count()), "--votes", "5000")
    capsys.readouterr()
    assert Idea.objects.count() == 1_000
    targets = find_targets(ideas=1)

    staff = StaffFactory(is_superuser=True)
    small = measure_all(targets, MemberFactory(), staff)
    add_bare_ideas(LARGE)
    large = measure_all(targets, MemberFactory(), staff)

    assert Idea.objects.count() == LARGE
    over = {
        endpoint.key: (endpoint.budget, small[endpoint.key].queries, large[endpoint.key].queries)
        for endpoint in ENDPOINTS
        if endpoint.budget is not None
        and not (
            small[endpoint.key].status == 200
            and small[endpoint.key].queries <= endpoint.budget
            and large[endpoint.key].queries == small[endpoint.key].queries
        )
    }
    assert over == {}, "budget, 1 000 ideas, 100 000 ideas"
