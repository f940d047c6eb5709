"""Review photos in a real browser: uploaded with their words, held until a moderator
publishes the review, then shown in a lightbox that works by keyboard."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from community.models import ModerationPolicy, Picture
from reviews.models import Review
from tests.e2e.helpers import sign_in, sign_in_with_code, sign_out
from tests.factories import MemberFactory, StaffFactory

pytestmark = [pytest.mark.e2e]


def png(colour: str) -> dict:
    data = io.BytesIO()
    Image.new("RGB", (640, 400), colour).save(data, "PNG")
    return {"name": f"{colour}.png", "mimeType": "image/png", "buffer": data.getvalue()}


def test_a_review_photo_is_described_moderated_and_shown_in_the_lightbox(page, live_server, product, assert_accessible):
    ModerationPolicy.objects.update_or_create(defaults={"pre_moderation": True})
    author = MemberFactory(display_name="Ada")

    sign_in(page, live_server.url, author.email)
    page.goto(f"{live_server.url}/products/sync/review/")
    page.get_by_label("4 of 5 stars").check()
    page.get_by_label("Title").fill("Syncs on the train")
    page.get_by_text("Add pictures (up to 4)").click()
    page.get_by_label("Picture 1:", exact=True).set_input_files(png("teal"))
    page.get_by_label("Picture 2:", exact=True).set_input_files(png("orange"))
    page.get_by_label("What picture 2 shows").fill("The offline badge")
    assert_accessible(page)
    page.get_by_role("button", name="Post review").click()
    expect(page.get_by_label("What picture 1 shows")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Describe the picture for those who cannot see it.")).to_be_visible()
    assert not Review.objects.exists()  # nothing saved until every picture is described

    page.get_by_label("Picture 1:", exact=True).set_input_files(png("teal"))
    page.get_by_label("Picture 2:", exact=True).set_input_files(png("orange"))
    page.get_by_label("What picture 1 shows").fill("The sync panel")
    page.get_by_role("button", name="Post review").click()
    expect(page.get_by_text("Waiting for a moderator")).to_be_visible()
    sign_out(page)

    review = Review.objects.get()
    assert Picture.objects.count() == 2
    page.goto(f"{live_server.url}/products/sync/")
    expect(page.get_by_role("img", name="The sync panel")).to_have_count(0)  # held with its review

    sign_in_with_code(page, live_server.url, StaffFactory())
    page.goto(f"{live_server.url}/admin/moderation/reviews.review/{review.pk}/")
    expect(page.get_by_role("img", name="The sync panel")).to_be_visible()
    page.get_by_label("Approve: publish it").check()
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Decided. The author is told.")).to_be_visible()
    page.goto(live_server.url + "/")
    sign_out(page)

    page.goto(f"{live_server.url}/products/sync/")
    thumbnail = page.get_by_role("link", name="The sync panel")
    thumbnail.focus()
    page.keyboard.press("Enter")
    lightbox = page.get_by_role("dialog", name="The sync panel")
    expect(lightbox).to_be_visible()
    expect(lightbox.get_by_text("Picture 1 of 2")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("dialog", name="The offline badge")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(thumbnail).to_be_focused()
