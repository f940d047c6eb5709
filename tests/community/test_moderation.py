import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from community.errors import NotAllowed
from community.members.groups import MODERATORS, PRODUCT_MANAGERS
from community.models import ModerationPolicy, ModerationState, Notification
from community.moderation import services as moderation
from ideas import services as idea_services
from ideas.models import Comment, Idea
from reviews import services as review_services
from reviews.models import ProductRating
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db
HELD = ModerationState.PENDING


def policy(**fields) -> ModerationPolicy:
    current = ModerationPolicy.load()
    for name, value in fields.items():
        setattr(current, name, value)
    current.save()
    return current


def in_group(name: str):
    person = MemberFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=name))
    return type(person).objects.get(pk=person.pk)


def test_by_default_posts_are_published_at_once(member):
    idea = idea_services.submit_idea(member, title="Dark mode for the web app")

    assert (idea.moderation_state, idea.moderation_rule) == ("published", "")


def test_pre_moderation_holds_everything_but_staff_posts(member, staff):
    policy(pre_moderation=True)

    held = idea_services.submit_idea(member, title="Dark mode")
    staffs = idea_services.submit_idea(staff, title="Our own idea")

    assert (held.moderation_state, held.moderation_rule) == (HELD, "pre_moderation")
    assert staffs.moderation_state == "published"


def test_a_new_members_first_posts_are_held_until_one_is_published(member, product, staff):
    policy(hold_first_posts=1)

    first = idea_services.submit_idea(member, title="First idea")
    review = review_services.submit_review(member, product, rating=4, title="Still new").review
    moderation.moderate(first, ModerationState.PUBLISHED, staff)
    later = idea_services.submit_idea(member, title="Trusted now")

    assert (first.moderation_rule, review.moderation_rule) == ("new_member", "new_member")
    assert later.moderation_state == "published"
    assert ProductRating.objects.filter(product=product, count__gt=0).count() == 0  # held reviews do not count


def test_posts_with_too_many_links_are_held(member):
    policy(max_links=2)
    body = "See https://a.example, https://b.example and www.c.example"

    idea = idea_services.submit_idea(member, title="Links", body=body)

    assert (idea.moderation_state, idea.moderation_rule) == (HELD, "links")


@pytest.mark.parametrize("text", ["BUY now cheap", "visit casino-royale today"])
def test_blocked_words_and_patterns_hold_a_post(member, text):
    policy(blocked_patterns="buy\\s+now\ncasino")
    idea = IdeaFactory()

    comment = idea_services.add_comment(member, idea, text)

    assert (comment.moderation_state, comment.moderation_rule) == (HELD, "blocked_words")
    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_a_pattern_that_is_not_a_valid_expression_is_refused_when_saved():
    with pytest.raises(ValidationError) as error:
        ModerationPolicy(blocked_patterns="fine\n(unclosed").full_clean()

    assert "Line 2 is not a valid pattern" in str(error.value)


def test_near_duplicates_of_ones_own_recent_posts_are_held(member):
    idea = IdeaFactory()
    idea_services.add_comment(member, idea, "Please add offline folders to the Android app soon")

    again = idea_services.add_comment(member, idea, "Please add offline folders to the Android app soon!!")
    short = idea_services.add_comment(member, idea, "Yes please")
    short_again = idea_services.add_comment(member, idea, "Yes please")

    assert (again.moderation_state, again.moderation_rule) == (HELD, "near_duplicate")
    assert short.is_published and short_again.is_published


def test_held_ideas_are_invisible_to_others_everywhere(client, board, roadmap, member):
    policy(pre_moderation=True)
    held = idea_services.submit_idea(member, title="Held idea about dark mode")
    other = MemberFactory()
    client.force_login(other)

    assert "Held idea" not in client.get("/ideas/").content.decode()
    assert client.get(f"/ideas/{held.pk}-{held.slug}/").status_code == 404
    assert client.get("/api/v1/ideas/").json()["count"] == 0
    assert client.get(f"/api/v1/ideas/{held.pk}/").status_code == 404
    assert client.post(f"/api/v1/ideas/{held.pk}/vote/", content_type="application/json").status_code == 404
    assert "Held idea" not in client.get("/ideas/similar/?title=dark mode held").content.decode()
    client.force_login(member)
    own = client.get(f"/ideas/{held.pk}-{held.slug}/").content.decode()
    assert "Waiting for a moderator" in own


def test_rejecting_then_approving_a_comment_restores_the_count_exactly(staff, member):
    idea = IdeaFactory()
    comment = idea_services.add_comment(member, idea, "A fine comment")

    moderation.moderate(comment, ModerationState.REJECTED, staff, "Off-topic.")
    rejected = Idea.objects.get(pk=idea.pk).comment_count
    moderation.moderate(comment, ModerationState.PUBLISHED, staff)

    assert (rejected, Idea.objects.get(pk=idea.pk).comment_count) == (0, 1)


def test_rejecting_then_approving_a_review_restores_the_rating_exactly(staff, member, product):
    review = review_services.submit_review(member, product, rating=2, title="Meh").review

    moderation.moderate(review, ModerationState.SPAM, staff, "Spam.")
    hidden = ProductRating.objects.get(product=product)
    moderation.moderate(review, ModerationState.PUBLISHED, staff)
    shown = ProductRating.objects.get(product=product)

    assert (hidden.count, hidden.stars_2) == (0, 0)
    assert (shown.count, shown.total, shown.stars_2) == (1, 2, 1)


def test_a_decision_is_logged_and_the_author_sees_the_reason(
    client, board, staff, member, django_capture_on_commit_callbacks
):
    idea = IdeaFactory()
    comment = idea_services.add_comment(member, idea, "Buy my product")

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment, ModerationState.REJECTED, staff, "Advertising is not allowed.")
    client.force_login(member)
    page = client.get(f"/ideas/{idea.pk}-{idea.slug}/").content.decode()
    client.force_login(MemberFactory())
    others = client.get(f"/ideas/{idea.pk}-{idea.slug}/").content.decode()

    entry = ModelLogEntry.objects.get(action=moderation.MODERATE)
    assert (entry.user_id, entry.data["state"], entry.data["reason"]) == (
        staff.pk,
        "rejected",
        "Advertising is not allowed.",
    )
    notification = Notification.objects.get(recipient=member)
    assert notification.body == "Advertising is not allowed."
    assert "Advertising is not allowed." in page and "Buy my product" in page
    assert "Buy my product" not in others
    assert Comment.objects.filter(pk=comment.pk).exists()  # nothing is deleted


def test_only_moderators_moderate(member):
    comment = idea_services.add_comment(MemberFactory(), IdeaFactory(), "Hello there")

    for person in (member, in_group(PRODUCT_MANAGERS)):
        with pytest.raises(NotAllowed):
            moderation.moderate(comment, ModerationState.REJECTED, person)
    moderation.moderate(comment, ModerationState.REJECTED, in_group(MODERATORS), "Rude.")

    comment.refresh_from_db()
    assert comment.moderation_state == "rejected"


def test_held_content_stays_off_the_roadmap_changelog_feed_product_page_and_comment_api(
    client, board, roadmap, changelog, product, staff, member
):
    from ideas.models import Status

    shipped = IdeaFactory(title="Hidden shipped idea", product=product, vote_count=5)
    idea_services.change_status(shipped, Status.objects.get(slug="in-progress"), staff)
    idea_services.change_status(shipped, Status.objects.get(slug="shipped"), staff, "Done.")
    planned = IdeaFactory(title="Hidden planned idea", product=product, vote_count=9)
    idea_services.change_status(planned, Status.objects.get(slug="planned"), staff)
    open_idea = IdeaFactory(title="Hidden open idea", product=product, vote_count=3)
    comment = idea_services.add_comment(member, IdeaFactory(), "A comment to hide")
    for item in (shipped, planned, open_idea, comment):
        moderation.moderate(item, ModerationState.REJECTED, staff, "Hidden.")

    pages = [
        client.get(url).content.decode() for url in ("/roadmap/", "/changelog/", "/changelog/feed/", "/products/sync/")
    ]
    comments = client.get(f"/api/v1/ideas/{comment.idea_id}/comments/").json()

    for body in pages:
        assert "Hidden" not in body
    assert comments["count"] == 0


def test_a_moderators_reason_has_a_limit(staff):
    comment = idea_services.add_comment(MemberFactory(), IdeaFactory(), "Hello there")

    with pytest.raises(moderation.InvalidInput) as error:
        moderation.moderate(comment, ModerationState.REJECTED, staff, "x" * 1_001)

    assert "reason" in error.value.details
    comment.refresh_from_db()
    assert comment.is_published


def test_marking_spam_can_suspend_the_author_for_good(staff, member):
    comment = idea_services.add_comment(member, IdeaFactory(), "Cheap pills at example.com")

    moderation.mark_spam(comment, staff, "Advertising.", for_good=True)

    member.refresh_from_db()
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.SPAM
    assert member.is_suspended and member.suspended_until is None
