import pytest
from django.contrib.auth.models import Group

from community.errors import NotAllowed
from community.members.groups import MODERATORS, PRODUCT_MANAGERS
from community.models import ModerationState
from community.moderation import suspensions
from ideas import services as idea_services
from reviews import services as review_services
from tests.factories import IdeaFactory, MemberFactory, ReviewFactory, status

pytestmark = pytest.mark.django_db


def staff_in(group_name: str):
    person = MemberFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=group_name))
    return type(person).objects.get(pk=person.pk)  # fresh: permissions are cached per instance


def test_moderators_moderate_and_suspend_but_do_not_triage_or_edit_pages(product):
    moderator = staff_in(MODERATORS)
    review = review_services.submit_review(MemberFactory(), product, rating=1, title="Off-topic").review

    review_services.set_moderation_state(review, ModerationState.REJECTED, moderator, "Off-topic.")
    suspensions.suspend(MemberFactory(), moderator, "Spam.")
    with pytest.raises(NotAllowed):
        idea_services.change_status(IdeaFactory(), status("planned"), moderator)
    with pytest.raises(NotAllowed):
        review_services.reply_to_review(moderator, review, "Officially…")

    assert moderator.has_perm("wagtailadmin.access_admin")
    assert not moderator.has_perm("wagtailcore.change_page")
    assert not Group.objects.get(name=MODERATORS).page_permissions.exists()


def test_product_managers_triage_and_answer_but_do_not_moderate(product):
    manager = staff_in(PRODUCT_MANAGERS)
    idea = IdeaFactory()

    idea_services.change_status(idea, status("planned"), manager, "On the roadmap.")
    review_services.reply_to_review(manager, ReviewFactory(product=product), "Thank you!")
    with pytest.raises(NotAllowed):
        review_services.set_moderation_state(ReviewFactory(product=product), ModerationState.SPAM, manager)
    with pytest.raises(NotAllowed):
        suspensions.suspend(MemberFactory(), manager, "No.")

    idea.refresh_from_db()
    assert idea.status.slug == "planned"
