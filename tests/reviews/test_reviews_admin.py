import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import ModerationState
from reviews import services
from reviews.models import ProductOwnership, ProductRating, Review
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_staff_list_reviews_and_hold_one_back_through_the_service(admin_client, product, member):
    review = services.submit_review(member, product, rating=1, title="Buy pills here").review

    listing = admin_client.get(reverse("reviews:index")).content.decode()
    response = admin_client.post(
        reverse("reviews:edit", args=[review.pk]),
        {"moderation_state": ModerationState.SPAM, "moderation_reason": "Advertising."},
    )

    assert "Buy pills here" in listing
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.moderation_state, review.moderation_reason) == ("spam", "Advertising.")
    assert ProductRating.objects.get(product=product).count == 0


def test_there_is_no_way_to_write_a_review_in_the_admin(admin_client):
    assert "new/" not in admin_client.get(reverse("reviews:index")).content.decode().split("reviews/")[-1][:20]
    assert admin_client.get("/admin/reviews/new/").status_code == 404


def test_staff_edit_a_reply_through_the_service(admin_client, staff, product, member):
    review = services.submit_review(member, product, rating=2, title="Slow").review
    reply = services.reply_to_review(staff, review, "Sorry.")

    response = admin_client.post(reverse("review_replies:edit", args=[reply.pk]), {"body": "Fixed in 4.3."})

    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Fixed in 4.3."


def test_recording_an_owner_in_the_admin_verifies_their_review(admin_client, product, member):
    review = services.submit_review(member, product, rating=4, title="Good").review

    response = admin_client.post(reverse("product_owners:add"), {"member": member.pk, "product": product.pk})

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.verified_owner


def csv_file(text: str):
    return SimpleUploadedFile("owners.csv", text.encode(), content_type="text/csv")


def test_a_csv_import_records_owners_and_reports_them(admin_client, product):
    anna, ben = MemberFactory(email="anna@example.org"), MemberFactory(email="ben@example.org")
    services.record_ownership(ben, product)

    response = admin_client.post(
        reverse("product_owners:import"),
        {"file": csv_file("email,product,since\nAnna@example.org,sync,2024-05-31\nben@example.org,Sync,\n")},
        follow=True,
    )

    assert "1 new owners, 1 already recorded" in response.content.decode()
    assert ProductOwnership.objects.get(member=anna).since.isoformat() == "2024-05-31"


def test_a_csv_with_a_bad_row_changes_nothing_and_says_why(admin_client, product):
    MemberFactory(email="anna@example.org")

    response = admin_client.post(
        reverse("product_owners:import"),
        {
            "file": csv_file(
                "email,product,since\nanna@example.org,sync,\nnobody@example.org,sync,\nanna@example.org,toaster,\nanna@example.org,sync,31.5.2024\n"
            )
        },
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "Line 3: No member has the address" in body
    assert "Line 4: There is no product" in body
    assert "Line 5:" in body and "is not a date" in body
    assert not ProductOwnership.objects.exists()


@pytest.mark.parametrize("content", [b"\xff\xfe\x00bad", b"name,thing\nx,y\n"])
def test_a_file_that_is_not_our_csv_is_refused(admin_client, product, content):
    upload = SimpleUploadedFile("owners.csv", content, content_type="text/csv")

    response = admin_client.post(reverse("product_owners:import"), {"file": upload})

    assert response.status_code == 422
    assert not ProductOwnership.objects.exists()


def test_members_cannot_reach_the_reviews_admin(client, member):
    client.force_login(member)

    assert client.get(reverse("reviews:index")).status_code == 302
    assert client.get(reverse("product_owners:import")).status_code == 302
    assert Review.objects.count() == 0
