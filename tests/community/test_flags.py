import pytest

from community.errors import InvalidInput, NotVerified
from community.models import Flag, ModerationPolicy, ModerationState, Notification
from community.moderation import services as moderation
from ideas import services as idea_services
from ideas.models import Idea
from reviews import services as review_services
from reviews.models import ProductRating
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(member):
    return idea_services.add_comment(member, IdeaFactory(), "You are all idiots")


def test_a_member_reports_content_once(comment):
    reporter = MemberFactory()

    moderation.flag(reporter, comment, Flag.Reason.ABUSE)
    with pytest.raises(moderation.AlreadyFlagged):
        moderation.flag(reporter, comment, Flag.Reason.SPAM)

    assert Flag.objects.count() == 1


def test_nobody_reports_their_own_content(comment, member):
    with pytest.raises(moderation.OwnContent):
        moderation.flag(member, comment, Flag.Reason.SPAM)


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("bogus", "", "reason"), (Flag.Reason.OTHER, "", "note"), (Flag.Reason.ABUSE, "x" * 501, "note")],
)
def test_a_report_needs_a_known_reason_and_a_short_note(comment, reason, note, field):
    with pytest.raises(InvalidInput) as error:
        moderation.flag(MemberFactory(), comment, reason, note)

    assert field in error.value.details


def test_unverified_members_cannot_report(comment):
    with pytest.raises(NotVerified):
        moderation.flag(MemberFactory(verified=False), comment, Flag.Reason.SPAM)


def test_enough_reports_hide_the_content_and_its_count_until_a_moderator_decides(comment):
    ModerationPolicy.objects.update_or_create(defaults={"hide_after_flags": 2})
    idea = Idea.objects.get(pk=comment.idea_id)

    moderation.flag(MemberFactory(), comment, Flag.Reason.ABUSE)
    comment.refresh_from_db()
    after_one = comment.is_published
    moderation.flag(MemberFactory(), comment, Flag.Reason.ABUSE)
    comment.refresh_from_db()

    assert after_one
    assert (comment.moderation_state, comment.moderation_rule) == (ModerationState.PENDING, "flags")
    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_the_decision_resolves_the_reports_and_tells_each_reporter(
    comment, staff, member, django_capture_on_commit_callbacks
):
    reporters = MemberFactory.create_batch(2)
    for reporter in reporters:
        moderation.flag(reporter, comment, Flag.Reason.ABUSE)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment, ModerationState.REJECTED, staff, "Please be kind.")

    assert set(Flag.objects.values_list("outcome", flat=True)) == {"rejected"}
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    for reporter in reporters:
        assert Notification.objects.get(recipient=reporter).title.endswith("took it down")
    assert Notification.objects.get(recipient=member).body == "Please be kind."


def test_flags_hide_a_review_and_its_stars(product, member):
    ModerationPolicy.objects.update_or_create(defaults={"hide_after_flags": 1})
    review = review_services.submit_review(member, product, rating=1, title="Scam!!!").review

    moderation.flag(MemberFactory(), review, Flag.Reason.SPAM)

    assert ProductRating.objects.get(product=product).count == 0


def test_members_report_from_the_site(client, board, comment):
    reporter = MemberFactory()
    client.force_login(reporter)
    page = client.get(f"/ideas/{comment.idea_id}-{comment.idea.slug}/").content.decode()

    form = client.get(f"/report/ideas.comment/{comment.pk}/")
    bad = client.post(f"/report/ideas.comment/{comment.pk}/", {"reason": "other", "note": ""})
    sent = client.post(f"/report/ideas.comment/{comment.pk}/", {"reason": "abuse"}, follow=True)
    again = client.post(f"/report/ideas.comment/{comment.pk}/", {"reason": "abuse"})

    assert f'href="/report/ideas.comment/{comment.pk}/"' in page
    assert form.status_code == 200
    assert bad.status_code == 422
    assert "A moderator will look at it" in sent.content.decode()
    assert again.status_code == 422 and "already reported" in again.content.decode()
    assert Flag.objects.filter(reporter=reporter).count() == 1


def test_reporting_needs_a_sign_in_and_a_known_kind(client, comment, member):
    assert client.get(f"/report/ideas.comment/{comment.pk}/").status_code == 302
    client.force_login(member)
    assert client.get(f"/report/auth.user/{member.pk}/").status_code == 404
    assert client.get("/report/ideas.comment/999999/").status_code == 404
