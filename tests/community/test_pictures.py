"""Pictures on ideas, comments and reviews: the type read from the bytes, the size
checked before decoding, stored re-encoded without metadata, each described, shown
with (and moderated with) its post."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.errors import InvalidInput
from community.models import ModerationPolicy, Picture
from community.pictures import services as pictures
from community.privacy import services as privacy
from ideas import services as idea_services
from ideas.models import Idea
from reviews.models import ProductIndexPage, Review
from tests.factories import IdeaFactory, MemberFactory, ProductFactory
from tests.factories.pictures import animated_bomb, picture, png_bomb

pytestmark = pytest.mark.django_db


def url(idea, action=""):
    return f"/ideas/{idea.pk}/{action}/" if action else f"/ideas/{idea.pk}-{idea.slug}/"


def stored(field) -> Image.Image:
    with field.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_a_picture_is_kept_upright_small_as_webp_and_without_where_it_was_taken(member):
    upload = picture("JPEG", size=(3000, 1500), name="holiday.jpg", located=True)

    idea = idea_services.submit_idea(
        member, title="Map view", pictures=[pictures.Upload(upload, "  The map,   zoomed in ")]
    )

    [kept] = pictures.on(idea)
    shown, small = stored(kept.image), stored(kept.thumbnail)
    assert (shown.format, shown.size, small.format) == ("WEBP", (2000, 1000), "WEBP")
    assert max(small.size) == 480
    assert not shown.getexif() and not small.getexif()
    assert (kept.alt_text, kept.width, kept.height, kept.uploaded_by) == ("The map, zoomed in", 2000, 1000, member)
    assert kept.image.name.startswith("pictures/") and "holiday" not in kept.image.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png"), "not a picture we can show"),
        (picture("BMP"), "not a picture we can show"),
        (picture(size=(10_001, 10)), "at most 10000 pixels"),
        (png_bomb(), "at most 10000 pixels"),
        (animated_bomb(frames=200, side=500), "at most 40 million pixels"),
        (SimpleUploadedFile("big.png", b"x" * (8 * 1024 * 1024 + 1), "image/png"), "larger than 8 MB"),
    ],
)
def test_bad_files_are_refused_before_anything_is_saved(member, upload, message):
    with pytest.raises(InvalidInput) as refused:
        idea_services.submit_idea(member, title="Map view", pictures=[pictures.Upload(upload, "A map")])

    assert message in " ".join(refused.value.details["pictures"])
    assert not Idea.objects.exists() and not Picture.objects.exists()


def test_the_type_comes_from_the_bytes_not_the_name(member):
    idea = idea_services.submit_idea(
        member, title="Map view", pictures=[pictures.Upload(picture("PNG", name="really.jpg"), "A map")]
    )

    assert stored(pictures.on(idea)[0].image).format == "WEBP"


def test_each_picture_needs_its_words_and_a_post_takes_four(member):
    uploads = [pictures.Upload(picture(), "One")] * 4 + [pictures.Upload(picture(), "")]

    with pytest.raises(InvalidInput) as refused:
        idea_services.submit_idea(member, title="Map view", pictures=uploads)

    assert refused.value.details["pictures"] == [
        "At most 4 pictures per post.",
        "Describe the picture for those who cannot see it.",
    ]


def test_a_member_posts_an_idea_with_a_picture_and_it_shows_with_its_words(client, board, member):
    client.force_login(member)

    response = client.post(
        "/ideas/new/", {"title": "Map view", "picture_1": picture(), "alt_1": "The map screen"}, follow=True
    )
    forgotten = client.post("/ideas/new/", {"title": "Other", "picture_1": picture()})

    body = response.content.decode()
    [kept] = Picture.objects.all()
    assert f'<img src="{kept.thumbnail.url}" alt="The map screen"' in body
    assert f'href="{kept.image.url}" data-lightbox' in body
    assert forgotten.status_code == 422
    assert "Describe the picture for those who cannot see it." in forgotten.content.decode()
    assert Idea.objects.count() == 1


def test_a_held_posts_pictures_are_hidden_with_it(client, board, member):
    ModerationPolicy.objects.update_or_create(defaults={"pre_moderation": True})
    idea = idea_services.submit_idea(member, title="Map", pictures=[pictures.Upload(picture(), "A map")])
    [kept] = pictures.on(idea)

    assert client.get(url(idea)).status_code == 404
    client.force_login(member)
    assert kept.thumbnail.url in client.get(url(idea)).content.decode()  # its author still sees it


def test_comments_carry_pictures(client, board, member):
    idea = IdeaFactory()
    client.force_login(member)

    client.post(url(idea, "comment"), {"body": "Like this:", "picture_1": picture(), "alt_1": "A sketch"})

    [kept] = Picture.objects.all()
    assert kept.post.body == "Like this:"
    assert 'alt="A sketch"' in client.get(url(idea)).content.decode()


def test_the_author_takes_a_picture_off_while_editing_and_its_files_go(client, board, member):
    idea = idea_services.submit_idea(
        member, title="Map", pictures=[pictures.Upload(picture(), "Old"), pictures.Upload(picture(), "Keep")]
    )
    old, keep = pictures.on(idea)
    client.force_login(member)

    client.post(
        url(idea, "edit"),
        {"title": "Map", "remove_pictures": [old.pk], "picture_1": picture(), "alt_1": "New"},
    )

    assert [p.alt_text for p in pictures.on(idea)] == ["Keep", "New"]
    assert not old.image.storage.exists(old.image.name)
    assert not old.thumbnail.storage.exists(old.thumbnail.name)


def test_review_photos_show_on_the_product_page(client, board, member):
    board.get_parent().add_child(instance=ProductIndexPage(title="Products", slug="products"))
    product = ProductFactory(title="Sync", slug="sync")
    client.force_login(member)

    client.post(
        "/products/sync/review/",
        {"rating": "4", "title": "Good", "picture_1": picture(), "alt_1": "The sync status panel"},
    )

    review = Review.objects.get()
    assert [p.alt_text for p in pictures.on(review)] == ["The sync status panel"]
    assert 'alt="The sync status panel"' in client.get(product.url).content.decode()


def test_removing_ones_writing_removes_ones_pictures_too(member):
    idea = idea_services.submit_idea(member, title="Map", pictures=[pictures.Upload(picture(), "A map")])
    [kept] = pictures.on(idea)

    privacy.delete_account(member, by=member, confirm_email=member.email, remove_content=True)

    assert not Picture.objects.exists()
    assert not kept.image.storage.exists(kept.image.name)


def test_the_privacy_download_lists_ones_pictures(member):
    idea_services.submit_idea(member, title="Map", pictures=[pictures.Upload(picture(), "A map")])

    data = privacy.collect(member)

    assert [p["description"] for p in data["pictures"]["pictures"]] == ["A map"]


def test_the_idea_page_needs_the_same_queries_however_many_pictures(client, board, django_assert_max_num_queries):
    idea = IdeaFactory()
    author = MemberFactory()
    idea_services.add_comment(author, idea, "One", pictures=[pictures.Upload(picture(), "First")])
    client.get(url(idea))
    with django_assert_max_num_queries(40) as few:
        client.get(url(idea))
    for number in range(5):
        idea_services.add_comment(
            MemberFactory(), idea, f"More {number}", pictures=[pictures.Upload(picture(), "x")] * 2
        )
    assert len(few.captured_queries) > 5  # the page was measured, not served from a cache
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(idea))


def test_moderators_see_a_held_posts_pictures_in_the_queue(admin_client, member):
    ModerationPolicy.objects.update_or_create(defaults={"pre_moderation": True})
    idea = idea_services.submit_idea(member, title="Map", pictures=[pictures.Upload(picture(), "A map")])
    [kept] = pictures.on(idea)

    body = admin_client.get(f"/admin/moderation/ideas.idea/{idea.pk}/").content.decode()

    assert f'<img src="{kept.thumbnail.url}" alt="A map"' in body
