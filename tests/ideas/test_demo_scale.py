import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from community.follows import is_following
from community.models import ReputationEvent, User
from ideas import counters
from ideas.models import Comment, Idea, StatusChange, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_once, db):
    """The demo, seeded once for this module."""


def test_the_demo_board_holds_a_few_hundred_ideas_in_every_stage(seeded):
    stages = set(Idea.objects.values_list("status__stage", flat=True))

    assert Idea.objects.count() >= 250
    assert {"open", "under_review", "planned", "in_progress", "done", "closed", "merged"} <= stages
    assert StatusChange.objects.exclude(message="").count() >= 50
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert counters.drift() == []


def test_it_adds_ideas_and_votes_at_scale_with_exact_counters(seeded, capsys):
    ideas_before, votes_before = Idea.objects.count(), Vote.objects.count()
    last_before = Idea.objects.order_by("-pk").first().pk

    call_command("seed_demo", "--members", "300", "--ideas", "400", "--votes", "6000")

    out = capsys.readouterr().out
    assert Idea.objects.count() == ideas_before + 400
    assert Vote.objects.count() == votes_before + 6000
    assert User.objects.filter(is_staff=False).count() == 300
    assert "400 ideas, 6000 votes" in out
    assert counters.drift() == []
    generated = Vote.objects.filter(idea__pk__gt=last_before)
    assert not generated.filter(member=F("idea__author")).exists()  # nobody votes on their own idea
    top = Idea.objects.order_by("-vote_count").first()
    assert top.vote_count > 6000 / 400  # a few popular ideas and a long tail, as on a real board
    voter = Vote.objects.filter(idea=top).first().member
    assert is_following(voter, top)
    planned = Idea.objects.filter(pk__gt=last_before, status__stage__in=["planned", "in_progress", "done"]).first()
    author = User.objects.get(pk=planned.author_id)
    assert ReputationEvent.objects.filter(key=f"idea-planned:{planned.pk}", member=author).exists()
    assert author.reputation == sum(ReputationEvent.objects.filter(member=author).values_list("points", flat=True))


def test_it_refuses_more_votes_than_the_members_can_cast(seeded):
    with pytest.raises(CommandError, match="need more members"):
        call_command("seed_demo", "--ideas", "2", "--votes", "100000")

    assert not Idea.objects.filter(pk__gt=Idea.objects.order_by("-pk").first().pk).exists()


@pytest.mark.parametrize("args", [["--ideas", "-1"], ["--votes", "10"]])
def test_bad_scale_options_are_explained(seeded, args):
    with pytest.raises(CommandError):
        call_command("seed_demo", *args)


def test_counter_drift_is_found(seeded):
    idea = Idea.objects.filter(vote_count__gt=0).first()
    Idea.objects.filter(pk=idea.pk).update(vote_count=idea.vote_count + 1)

    assert counters.drift() == [(idea.pk, "vote_count", idea.vote_count + 1, idea.vote_count)]


def test_generated_data_leaves_fresh_planner_statistics(seeded):
    from django.db import connection

    call_command("seed_demo", "--members", "200", "--ideas", "50", "--votes", "500")

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'ideas_vote'")
            assert cursor.fetchone()[0] is not None
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'ideas_vote'")
            assert cursor.fetchone()[0] > 0
