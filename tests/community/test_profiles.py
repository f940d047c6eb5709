"""Public profiles (published content only), editing one's own, and the staff's
one-customer timeline."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.models import Notification, User
from community.moderation import services as moderation
from community.profiles import services as profiles
from ideas import services as idea_services
from reviews.models import ProductIndexPage
from tests.factories import IdeaFactory, MemberFactory, ProductFactory, ReviewFactory
from tests.factories.pictures import animated_bomb, picture, png_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(board):
    board.get_parent().add_child(instance=ProductIndexPage(title="Products", slug="products"))
    return ProductFactory(title="Sync")


@pytest.fixture
def ada(board, product):
    """A member with published and held content of every kind."""
    ada = MemberFactory(display_name="Ada Lovelace", bio="Engines and **notes**.")
    idea = IdeaFactory(title="Offline mode", author=ada)
    IdeaFactory(title="Held idea", author=ada, moderation_state="pending")
    other = IdeaFactory(title="Dark mode")
    idea_services.add_comment(ada, other, "Yes, for night shifts.")
    idea_services.cast_vote(ada, other)
    ReviewFactory(author=ada, product=product, title="Solid sync", rating=4)
    ReviewFactory(author=ada, product=ProductFactory(title="Reports"), title="Spam review", moderation_state="spam")
    return ada, idea


class TestPublicProfile:
    def test_it_shows_the_member_and_only_what_they_published(self, client, ada):
        member, _ = ada

        body = client.get(reverse("profile", args=[member.pk])).content.decode()

        assert "<h1>Ada Lovelace</h1>" in body
        assert "Engines and **notes**." in body  # plain text, escaped, never rendered as HTML
        assert "Offline mode" in body and "Solid sync" in body and "Yes, for night shifts." in body
        assert "Held idea" not in body and "Spam review" not in body
        assert '<h2 id="profile-ideas">Ideas <span class="count count--quiet">1</span></h2>' in body
        assert '<h2 id="profile-reviews">Reviews <span class="count count--quiet">1</span></h2>' in body
        assert member.email not in body

    def test_the_buyer_type_is_for_the_team_and_the_member_alone(self, client, ada, staff):
        member, _ = ada
        User.objects.filter(pk=member.pk).update(archetype="salesman")
        address = reverse("profile", args=[member.pk])

        visitor = client.get(address).content.decode()
        client.force_login(MemberFactory())
        other_member = client.get(address).content.decode()
        client.force_login(member)
        own = client.get(address).content.decode()
        client.force_login(staff)
        team = client.get(address).content.decode()

        for body in (visitor, other_member):
            assert "Salesman" not in body and "<dt>Type</dt>" not in body
        assert "Salesman" in own and "Only you and the team see it." in own
        assert "Salesman" in team and "Only you and the team see it." not in team

    def test_content_links_its_authors_profile(self, client, ada):
        member, idea = ada

        body = client.get(f"/ideas/{idea.pk}-{idea.slug}/").content.decode()

        assert f'<a href="/members/{member.pk}/">Ada Lovelace</a>' in body

    def test_a_former_member_has_no_profile(self, client, home):
        gone = MemberFactory(is_active=False)

        assert client.get(reverse("profile", args=[gone.pk])).status_code == 404
        assert client.get(reverse("profile", args=[999_999])).status_code == 404

    def test_it_takes_the_same_queries_however_much_was_posted(
        self, client, board, product, django_assert_max_num_queries
    ):
        member = MemberFactory()
        for number in range(15):
            IdeaFactory(title=f"Idea {number}", author=member)
            ReviewFactory(author=member, product=ProductFactory(title=f"Product {number}"), title=f"Review {number}")

        with django_assert_max_num_queries(25):
            response = client.get(reverse("profile", args=[member.pk]))

        assert response.content.decode().count('class="history__item"') == 20  # ten ideas, ten reviews


class TestEditProfile:
    def test_a_member_changes_name_words_and_picture(self, client, home, member):
        client.force_login(member)

        response = client.post(
            reverse("edit_profile"), {"display_name": "  Grace   H ", "bio": "Compilers.", "avatar": picture()}
        )

        member.refresh_from_db()
        assert response.status_code == 302
        assert (member.display_name, member.bio) == ("Grace H", "Compilers.")
        assert member.avatar.name.startswith("avatars/")
        assert member.avatar.storage.exists(member.avatar.name)

    def test_a_picture_is_stored_small_and_without_its_metadata(self, client, home, member):
        data = io.BytesIO()
        exif = Image.Exif()
        exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # GPS latitude: where the photo was taken
        Image.new("RGB", (1200, 800), "teal").save(data, "JPEG", exif=exif)
        upload = SimpleUploadedFile("holiday.jpg", data.getvalue(), content_type="image/jpeg")
        client.force_login(member)

        client.post(reverse("edit_profile"), {"display_name": "Grace", "avatar": upload})

        member.refresh_from_db()
        with Image.open(member.avatar.open("rb")) as stored:
            assert max(stored.size) == 256
            assert stored.format == "JPEG"
            assert not stored.getexif()

    def test_removing_the_picture_deletes_the_file(self, client, home, member):
        client.force_login(member)
        client.post(reverse("edit_profile"), {"display_name": "Grace", "avatar": picture()})
        member.refresh_from_db()
        stored = member.avatar.name

        client.post(reverse("edit_profile"), {"display_name": "Grace", "remove_avatar": "on"})

        member.refresh_from_db()
        assert not member.avatar
        assert not member.avatar.storage.exists(stored)

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("x.png", b"<script>alert(1)</script>", "image/png"), "not a picture we can show"),
            (picture("BMP"), "not a picture we can show"),
            (picture(size=(4001, 10)), "at most 4000 pixels"),
            (png_bomb(), "at most 4000 pixels"),
            (animated_bomb(), "at most 16 million pixels"),
        ],
    )
    def test_a_bad_picture_is_refused_and_nothing_changes(self, client, home, member, upload, message):
        client.force_login(member)
        before = member.display_name

        response = client.post(reverse("edit_profile"), {"display_name": "New name", "avatar": upload})

        assert response.status_code == 422
        assert message in response.content.decode()
        member.refresh_from_db()
        assert member.display_name == before
        assert not member.avatar

    def test_a_too_large_picture_is_refused(self, member):
        heavy = SimpleUploadedFile("big.png", b"x" * (2 * 1024 * 1024 + 1), "image/png")

        with pytest.raises(profiles.InvalidInput) as refused:
            profiles.update_profile(member, display_name="X", bio="", avatar=heavy, remove_avatar=False)

        assert refused.value.details == {"avatar": ["The picture is larger than 2 MB."]}

    def test_an_empty_name_and_a_long_bio_are_refused(self, client, home, member):
        client.force_login(member)

        response = client.post(reverse("edit_profile"), {"display_name": "   ", "bio": "x" * 501})

        body = response.content.decode()
        assert response.status_code == 422
        assert "This field is required." in body
        assert "Ensure this value has at most 500 characters" in body

    def test_signed_out_visitors_are_sent_to_sign_in(self, client, home):
        assert client.get(reverse("edit_profile")).url.startswith("/accounts/login/")


class TestTimeline:
    def test_staff_see_everything_a_member_did_and_was_told(self, admin_client, ada, staff):
        member, idea = ada
        answer = idea_services.add_comment(staff, idea, "We plan it for May.", official=True)
        Notification.objects.create(
            recipient=member,
            event_key=f"idea-answer:{answer.pk}",
            topic="official_answers",
            title="Official answer on “Offline mode”",
        )
        moderation.flag(member, ReviewFactory(product=ProductFactory(title="Mail")), "spam")

        body = admin_client.get(reverse("members:inspect", args=[member.pk])).content.decode()

        for text in ("Offline mode", "Held idea", "Waiting for a moderator", "Spam review", "Solid sync", "Dark mode",
                     "Vote", "Comment", "Official answer on “Offline mode”", "Told: Official answers on ideas I follow",
                     "Report", "Status changes of ideas I follow"):  # fmt: skip
            assert text in body, text

    def test_the_timeline_is_newest_first_and_capped(self, ada, monkeypatch):
        member, _ = ada

        items = profiles.timeline(member, limit=3)

        assert len(items) == 3
        assert items == sorted(items, key=lambda item: item.when, reverse=True)

    def test_members_cannot_see_the_timeline(self, client, ada):
        member, _ = ada
        client.force_login(MemberFactory())

        response = client.get(reverse("members:inspect", args=[member.pk]))

        assert response.status_code in (302, 403)
