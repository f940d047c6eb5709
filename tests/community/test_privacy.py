"""Privacy: a member downloads everything Tandem holds about them, and deletes their
account (no personal data left, every count intact); staff do the same on request."""

import json
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from community import follows
from community.errors import InvalidInput, NotAllowed
from community.models import ConsentChange, DataExport, Notification, Segment, User
from community.moderation import services as moderation
from community.notifications import channels
from community.privacy import services as privacy
from ideas import services as idea_services
from ideas.models import Comment, Idea
from reviews import services as review_services
from reviews.models import ProductIndexPage, ProductOwnership, ProductRating, Review
from tests.factories import PASSWORD, IdeaFactory, MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db

# Models that point at a member only as the staff member who acted (they hold nothing
# about a customer) or that belong to the frameworks' own staff features.
# Written by staff about members' posts: the company's records, not the member's.
# Staff-only records; their pointers to staff are emptied when a staff account goes.
STAFF_ONLY = {
    "community.ModerationEdit",
    "triage.StaffNote",
    "triage.TrackerConnection",
    "triage.IssueLink",
    "triage.TrackerRequest",
    "triage.TrackerChange",
}


@pytest.fixture
def product(board):
    board.get_parent().add_child(instance=ProductIndexPage(title="Products", slug="products"))
    return ProductFactory(title="Sync")


@pytest.fixture
def ada(board, product, staff):
    """A member who did a bit of everything."""
    segment = Segment.objects.create(name="Enterprise")
    ada = MemberFactory(
        email="ada.lovelace@example.org",
        display_name="Ada Lovelace",
        bio="Analytical engines",
        segment=segment,
        customer_value=1200,
        external_id="CRM-ADA-1",
        channels={"idea_status": "weekly"},
    )
    SocialAccount.objects.create(user=ada, provider="github", uid="gh-ada-4242")
    idea = idea_services.submit_idea(ada, title="Punch cards for reports", body="Like the engine had.")
    others = IdeaFactory(title="Dark mode")
    idea_services.cast_vote(ada, others)
    idea_services.cast_vote(MemberFactory(), idea)
    idea_services.add_comment(ada, others, "Yes, Lovelace agrees.")
    review = review_services.submit_review(ada, product, rating=2, title="Lovelace review", body="Slow sync.").review
    review_services.mark_helpful(
        ada, review_services.submit_review(MemberFactory(), product, rating=5, title="Great").review
    )
    review_services.record_ownership(ada, product)
    follows.follow(ada, product)
    channels.set_channels(ada, {"replies": "in_app"}, source="settings")
    moderation.flag(
        ada, Comment.objects.exclude(author=ada).first() or idea_services.add_comment(staff, others, "Hi"), "spam", ""
    )
    Notification.objects.create(recipient=ada, event_key="x:1", title="Hello Ada Lovelace")
    return ada, idea, others, review


def test_every_model_that_points_at_a_member_is_exported_and_erased():
    covered = {model for part in privacy.parts() for model in part.models}
    ours = {"community", "ideas", "reviews", "search", "triage", "account", "socialaccount", "mfa"}
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in ours or f"{model._meta.app_label}.{model.__name__}" in STAFF_ONLY:
            continue
        if issubclass(model, Page):  # editors' pages: their owner is staff
            continue
        points_at_member = any(
            isinstance(field, models.ForeignKey) and field.related_model is User for field in model._meta.fields
        )
        if points_at_member and model not in covered and model is not User:
            missing.append(model._meta.label)
    assert missing == []


class TestExport:
    def test_the_file_holds_everything_about_the_member(self, ada, mailoutbox, django_capture_on_commit_callbacks):
        member, idea, others, review = ada
        with django_capture_on_commit_callbacks(execute=True):
            export = privacy.request_export(member)

        export.refresh_from_db()
        data = json.loads(export.file.read())
        assert data["format"] == "tandem-export-1"
        assert data["account"]["email"] == "ada.lovelace@example.org"
        assert data["account"]["crm_id"] == "CRM-ADA-1"
        assert data["account"]["segment"] == "Enterprise"
        assert data["account"]["social_accounts"][0]["uid"] == "gh-ada-4242"
        assert [i["title"] for i in data["ideas"]["ideas"]] == ["Punch cards for reports"]
        assert [c["body"] for c in data["ideas"]["comments"]] == ["Yes, Lovelace agrees."]
        assert [v["idea__title"] for v in data["ideas"]["votes"]] == ["Punch cards for reports", "Dark mode"]
        assert [r["title"] for r in data["reviews"]["reviews"]] == ["Lovelace review"]
        assert data["reviews"]["owned_products"][0]["product__title"] == "Sync"
        assert len(data["reviews"]["marked_helpful"]) == 1
        assert data["notifications"]["channels"]["idea_status"] == "weekly"
        assert [c["channel"] for c in data["notifications"]["consent_history"]] == ["in_app"]
        assert {f["type"] for f in data["notifications"]["follows"]} == {"idea", "productpage"}
        assert data["notifications"]["reports"][0]["reason"] == "spam"
        assert "secret" not in json.dumps(data["account"]["second_factors"])

    def test_the_member_is_told_by_email_and_on_the_site(self, ada, mailoutbox, django_capture_on_commit_callbacks):
        member, *_ = ada
        with django_capture_on_commit_callbacks(execute=True):
            export = privacy.request_export(member)

        note = Notification.objects.get(recipient=member, event_key=f"export:{export.pk}")
        assert note.title == "Your data is ready to download"
        assert note.url == f"/privacy/exports/{export.pk}/"
        assert [message.subject for message in mailoutbox] == ["Your data is ready to download"]

    def test_only_the_member_downloads_it_while_it_lasts(self, client, ada, django_capture_on_commit_callbacks):
        member, *_ = ada
        with django_capture_on_commit_callbacks(execute=True):
            export = privacy.request_export(member)
        url = reverse("privacy_download", args=[export.pk])

        assert client.get(url).status_code == 302  # signed out: sign in first
        client.force_login(MemberFactory())
        assert client.get(url).status_code == 404  # another member's export
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"ada.lovelace@example.org" in b"".join(response.streaming_content)
        DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        assert client.get(url).status_code == 404

    def test_one_download_is_prepared_at_a_time(self, ada):
        member, *_ = ada
        privacy.request_export(member)  # no on-commit here: it stays pending

        with pytest.raises(privacy.ExportPending):
            privacy.request_export(member)

    def test_expired_files_are_removed(self, ada, django_capture_on_commit_callbacks):
        member, *_ = ada
        with django_capture_on_commit_callbacks(execute=True):
            export = privacy.request_export(member)
        export.refresh_from_db()
        name = export.file.name
        DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())

        assert privacy.remove_expired_exports() == 1
        assert not export.file.storage.exists(name)
        assert not DataExport.objects.exists()

    def test_the_privacy_page_asks_for_it(self, client, ada, django_capture_on_commit_callbacks):
        member, *_ = ada
        client.force_login(member)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("privacy_export"), follow=True)
        later = client.get(reverse("privacy")).content.decode()

        assert "We are preparing your download." in response.content.decode()
        assert "Being prepared" in response.content.decode()
        assert "Download (until" in later


def text_values_containing(needle: str) -> list[str]:
    """Every text column of every table of ours that still contains needle."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in {"community", "ideas", "reviews", "search", "account", "socialaccount", "mfa"}:
            continue
        for field in model._meta.fields:
            texts = isinstance(field, (models.CharField, models.TextField))
            if texts and model._default_manager.filter(**{f"{field.name}__icontains": needle}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


class TestDeleteAccount:
    def test_no_personal_data_is_left_and_every_count_is_intact(self, ada):
        member, idea, others, review = ada
        rating_before = ProductRating.objects.get(product=review.product)
        counts_before = (rating_before.count, rating_before.average)

        privacy.delete_account(member, by=member, confirm_email="Ada.Lovelace@example.org ", remove_content=False)

        for personal in ("ada.lovelace", "Ada Lovelace", "Analytical engines", "CRM-ADA-1", "gh-ada-4242"):
            assert text_values_containing(personal) == [], personal
        member.refresh_from_db()
        assert member.public_name == "Former member"
        assert not member.is_active and not member.has_usable_password()
        assert member.segment is None and member.customer_value is None
        others.refresh_from_db()
        assert others.vote_count == 1  # the vote still counts
        assert Idea.objects.get(pk=idea.pk).vote_count == 2  # its author's own vote and another member's
        rating = ProductRating.objects.get(product=review.product)
        assert (rating.count, rating.average) == counts_before  # the review stays, by a former member
        assert Review.objects.get(pk=review.pk).author == member
        assert not ProductOwnership.objects.filter(member=member).exists()
        assert not EmailAddress.objects.filter(user=member).exists()
        assert ConsentChange.objects.filter(member=member).exists()  # proof of consent, naming no one

    def test_follower_counts_follow(self, ada):
        member, idea, others, _ = ada
        before = Idea.objects.get(pk=others.pk).follower_count

        privacy.delete_account(member, by=member, confirm_email=member.email, remove_content=False)

        assert Idea.objects.get(pk=others.pk).follower_count == before - 1

    def test_removing_content_hides_and_empties_it_and_takes_ratings_back(self, client, ada):
        member, idea, others, review = ada
        comments_before = Idea.objects.get(pk=others.pk).comment_count

        privacy.delete_account(member, by=member, confirm_email=member.email, remove_content=True)

        idea.refresh_from_db()
        assert (idea.title, idea.body, idea.is_published) == ("Removed at the author's request.", "", False)
        assert idea.vote_count == 2  # votes keep their place, the author's own included
        comment = Comment.objects.get(author=member)
        assert (comment.body, comment.is_published) == ("", False)
        assert Idea.objects.get(pk=others.pk).comment_count == comments_before - 1
        assert not Review.objects.filter(pk=review.pk).exists()
        assert ProductRating.objects.get(product=review.product).count == 1
        assert text_values_containing("Lovelace") == []
        assert client.get(f"/ideas/{idea.pk}-x/").status_code == 404

    def test_a_wrong_confirmation_changes_nothing(self, ada):
        member, *_ = ada

        with pytest.raises(InvalidInput) as refused:
            privacy.delete_account(member, by=member, confirm_email="someone@example.org", remove_content=True)

        assert "confirm_email" in refused.value.details
        member.refresh_from_db()
        assert member.is_active and member.deleted_at is None

    def test_a_member_cannot_delete_another(self, ada):
        member, *_ = ada

        with pytest.raises(NotAllowed):
            privacy.delete_account(member, by=MemberFactory(), confirm_email=member.email, remove_content=False)

    @pytest.mark.parametrize(
        ("typed", "message"),
        [("", "This field is required."), ("nope@example.org", "Type the account&#x27;s email address to confirm.")],
    )
    def test_a_missing_or_wrong_address_is_a_field_error_and_nothing_changes(self, client, ada, typed, message):
        member, *_ = ada
        client.force_login(member)

        body = client.post(reverse("delete_account"), {"confirm_email": typed}).content.decode()

        field = re.search(r'<ul class="errorlist" id="id_confirm_email_error"><li>(.*?)</li></ul><input[^>]*>', body)
        assert field is not None and field.group(1) == message
        assert 'aria-describedby="id_confirm_email_error"' in field.group(0)
        member.refresh_from_db()
        assert member.deleted_at is None

    def test_the_page_confirms_deletes_and_signs_out(self, client, ada):
        member, idea, *_ = ada
        client.force_login(member)

        wrong = client.post(reverse("delete_account"), {"confirm_email": "nope@example.org"})
        done = client.post(reverse("delete_account"), {"confirm_email": member.email}, follow=True)

        assert wrong.status_code == 422
        assert "Type the account&#x27;s email address to confirm." in wrong.content.decode()
        assert "Your account is deleted." in done.content.decode()
        assert "_auth_user_id" not in client.session
        page = client.get(f"/ideas/{idea.pk}-{idea.slug}/").content.decode()
        assert "Former member" in page
        client.post(reverse("account_login"), {"login": "ada.lovelace@example.org", "password": PASSWORD})
        assert "_auth_user_id" not in client.session


class TestStaffOnRequest:
    def test_staff_with_the_permission_export_and_delete(self, admin_client, ada, django_capture_on_commit_callbacks):
        member, *_ = ada
        url = reverse("members:privacy", args=[member.pk])

        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(url, {"action": "export"})
        response = admin_client.post(url, {"confirm_email": member.email, "remove_content": "on"})

        assert DataExport.objects.filter(member=member, status="ready").exists() is False  # removed with the account
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.deleted_at is not None
        assert not Review.objects.filter(author=member).exists()

    def test_moderators_and_members_cannot(self, client, ada):
        from django.contrib.auth.models import Group

        member, *_ = ada
        moderator = MemberFactory(is_staff=True)
        moderator.groups.add(Group.objects.get(name="Community moderators"))
        for who in (moderator, MemberFactory()):
            client.force_login(who)
            response = client.post(reverse("members:privacy", args=[member.pk]), {"confirm_email": member.email})
            assert response.status_code in (302, 403)
        member.refresh_from_db()
        assert member.deleted_at is None
