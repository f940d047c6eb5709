import pytest

from ideas import services
from ideas.errors import InvalidTransition, NotAllowed
from ideas.models import StatusChange
from ideas.workflow import RULES, Stage, can_move
from tests.factories import IdeaFactory, MemberFactory, status

pytestmark = pytest.mark.django_db


def test_staff_move_an_idea_with_a_public_message(staff):
    idea = IdeaFactory()

    change = services.change_status(idea, status("planned"), staff, "Coming in the spring release.")

    assert idea.status.slug == "planned"
    assert (change.from_status.slug, change.to_status.slug) == ("new", "planned")
    assert change.message == "Coming in the spring release."
    assert change.changed_by == staff
    assert list(idea.status_changes.all()) == [change]


def test_members_cannot_change_a_status(member):
    idea = IdeaFactory()

    with pytest.raises(NotAllowed):
        services.change_status(idea, status("planned"), member)

    assert not StatusChange.objects.exists()


def test_moving_to_the_same_status_or_into_merged_is_refused(staff):
    idea = IdeaFactory()

    with pytest.raises(InvalidTransition):
        services.change_status(idea, status("new"), staff)
    with pytest.raises(InvalidTransition):
        services.change_status(idea, status("merged"), staff)
    assert not StatusChange.objects.exists()


def test_a_declined_idea_can_be_reconsidered_but_not_shipped_directly(staff):
    idea = IdeaFactory(status=status("declined"))

    with pytest.raises(InvalidTransition) as error:
        services.change_status(idea, status("shipped"), staff)
    services.change_status(idea, status("under-review"), staff, "We are taking another look.")

    assert "cannot move" in str(error.value.message)
    assert idea.status.slug == "under-review"


def test_a_merged_idea_keeps_its_status(staff):
    duplicate = IdeaFactory()
    services.merge_ideas(duplicate, IdeaFactory(), staff)

    with pytest.raises(InvalidTransition):
        services.change_status(duplicate, status("planned"), staff)


def test_the_rules_are_complete_and_merged_is_reached_only_by_merging():
    assert set(RULES) == set(Stage)
    assert all(not can_move(stage, Stage.MERGED) for stage in Stage)
    assert RULES[Stage.MERGED].moves_to == frozenset()
    assert [stage for stage, rules in RULES.items() if rules.on_roadmap] == [
        Stage.PLANNED,
        Stage.IN_PROGRESS,
        Stage.DONE,
    ]


def test_a_status_speaks_the_current_language():
    from django.utils import translation

    planned = status("planned")
    with translation.override("de"):
        assert planned.label == "Geplant"
    with translation.override("en"):
        assert planned.label == "Planned"


def test_a_member_with_the_permission_may_change_statuses():
    from django.contrib.auth.models import Permission

    manager = MemberFactory()
    manager.user_permissions.add(Permission.objects.get(codename="change_idea_status"))
    idea = IdeaFactory()

    services.change_status(idea, status("under-review"), manager)

    assert idea.status.slug == "under-review"
