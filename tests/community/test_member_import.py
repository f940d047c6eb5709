"""Members from the CRM by CSV: created / updated / rejected rows with reasons, and a
file with any bad row changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from community.members import imports as member_import
from community.models import Segment, User
from reviews.models import ProductIndexPage, ProductOwnership
from tests.factories import MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def segments(db):
    return Segment.objects.create(name="Enterprise", weight=3), Segment.objects.create(name="SMB")


@pytest.fixture
def products(home):
    home.add_child(instance=ProductIndexPage(title="Products", slug="products"))
    return ProductFactory(title="Sync", slug="sync"), ProductFactory(title="Reports", slug="reports")


def run(text: str):
    return member_import.import_members(text.encode())


def test_it_creates_and_updates_members_with_segment_value_crm_id_and_products(segments, products):
    known = MemberFactory(email="ada@example.org", display_name="Ada")
    MemberFactory(email="same@example.org")
    enterprise, _ = segments

    report = run(
        "email,external_id,segment,value,products\n"
        'Ada@Example.org,CRM-1,enterprise,"12,500.00",sync;Reports\n'
        "grace@example.org,CRM-2,SMB,300,\n"
        "same@example.org,,,,\n"
    )

    assert report.applied, report.rejected
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    known.refresh_from_db()
    assert (known.external_id, known.segment, known.customer_value) == ("CRM-1", enterprise, Decimal("12500.00"))
    assert set(ProductOwnership.objects.filter(member=known).values_list("product__slug", flat=True)) == {
        "sync",
        "reports",
    }
    grace = User.objects.get(email="grace@example.org")
    assert grace.segment.name == "SMB"
    assert not grace.has_usable_password()


def test_importing_the_same_file_again_changes_nothing(segments, products):
    text = "email,segment,value,products\nada@example.org,SMB,10,sync\n"
    run(text)

    again = run(text)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_only_the_columns_in_the_file_are_touched(segments):
    enterprise, _ = segments
    member = MemberFactory(email="ada@example.org", segment=enterprise, customer_value=5)

    run("email,external_id\nada@example.org,CRM-9\n")

    member.refresh_from_db()
    assert (member.segment, member.customer_value, member.external_id) == (enterprise, 5, "CRM-9")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("mail,segment\nada@example.org,SMB\n", 1, "The first line must name the columns: email"),
        ("email,colour\nada@example.org,red\n", 1, "Not known: colour."),
        ("email,email\nada@example.org,ada@example.org\n", 1, "A column is named twice."),
        ("email,segment\nnot-an-address,SMB\n", 2, "“not-an-address” is not an email address."),
        ("email,segment\nada@example.org,Gold\n", 2, "There is no segment “Gold”."),
        ("email,value\nada@example.org,lots\n", 2, "“lots” is not a value like 1200.50."),
        ("email,value\nada@example.org,-5\n", 2, "“-5” is not a value like 1200.50."),
        ("email,value\nada@example.org,NaN\n", 2, "“NaN” is not a value like 1200.50."),
        ("email,products\nada@example.org,sync;teleporter\n", 2, "There is no product “teleporter”."),
        ("email,segment\nada@example.org,SMB\nADA@example.org,SMB\n", 3, "The address is also on line 2."),
        ("email,external_id\na@example.org,X\nb@example.org,X\n", 3, "The CRM id is also on line 2."),
        ("email,segment\nada@example.org,SMB,extra\n", 2, "more cells than the first line"),
        ("", 0, "The file is empty."),
    ],
)
def test_a_bad_file_is_refused_with_the_line_and_the_reason(segments, products, text, line, reason):
    report = run(text)

    assert not report.applied
    assert any(found_line == line and reason in message for found_line, message in report.rejected), report.rejected
    assert not User.objects.filter(email__in=["ada@example.org", "a@example.org", "b@example.org"]).exists()


def test_one_bad_row_means_nothing_is_applied(segments, products):
    member = MemberFactory(email="ada@example.org")

    report = run("email,segment,products\nada@example.org,SMB,sync\nnew@example.org,Gold,\n")

    assert report.rejected == [(3, "There is no segment “Gold”.")]
    member.refresh_from_db()
    assert member.segment is None
    assert not ProductOwnership.objects.exists()
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_crm_id_of_another_member_is_refused(segments):
    MemberFactory(email="owner@example.org", external_id="CRM-1")

    report = run("email,external_id\nada@example.org,CRM-1\n")

    assert report.rejected == [(2, "The CRM id “CRM-1” belongs to another member.")]


def test_text_that_is_not_utf8_or_too_large_is_refused(monkeypatch):
    assert member_import.import_members("email\nmüller@example.org\n".encode("latin-1")).rejected == [
        (0, "The file is not UTF-8 text.")
    ]
    monkeypatch.setattr(member_import, "MAX_BYTES", 10)
    assert member_import.import_members(b"email\nada@example.org\n").rejected == [(0, "The file is larger than 0 MB.")]


class TestImportPage:
    def test_staff_import_a_file_and_see_the_counts(self, admin_client, segments):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("crm.csv", b"email,segment\nada@example.org,SMB\n", content_type="text/csv")

        response = admin_client.post(reverse("members:import"), {"file": upload}, follow=True)

        assert "Imported: 1 new members, 0 updated, 0 unchanged." in response.content.decode()
        assert User.objects.get(email="ada@example.org").segment.name == "SMB"

    def test_a_bad_file_shows_each_rejected_line(self, admin_client, segments):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("crm.csv", b"email,segment\nada@example.org,Gold\n", content_type="text/csv")

        response = admin_client.post(reverse("members:import"), {"file": upload})

        assert response.status_code == 422
        assert "Line 2: There is no segment “Gold”." in response.content.decode()

    def test_a_50_mb_file_is_refused_before_it_is_read(self, admin_client, monkeypatch):
        from django.core.files.uploadedfile import SimpleUploadedFile

        read = []
        monkeypatch.setattr(member_import, "import_members", lambda data: read.append(data))
        upload = SimpleUploadedFile("crm.csv", b"email\n" + b"a@example.org\n" * (50 * 2**20 // 14), "text/csv")

        response = admin_client.post(reverse("members:import"), {"file": upload})

        assert response.status_code == 422
        assert "The file is larger than 10 MB." in response.content.decode()
        assert read == []

    def test_moderators_and_members_cannot_import(self, client, member):
        from django.contrib.auth.models import Group

        moderator = MemberFactory(is_staff=True)
        moderator.groups.add(Group.objects.get(name="Community moderators"))
        client.force_login(moderator)

        assert client.get(reverse("members:import")).status_code in (302, 403)
        client.force_login(member)
        assert client.get(reverse("members:import")).status_code in (302, 403)

    def test_product_managers_set_a_segment_in_the_admin(self, client, segments):
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.models import Group

        enterprise, _ = segments
        pm = MemberFactory(is_staff=True)
        pm.groups.add(Group.objects.get(name="Product managers"))
        Authenticator.objects.create(user=pm, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
        customer = MemberFactory()
        client.force_login(pm)

        form = client.get(reverse("members:edit", args=[customer.pk])).content.decode()
        response = client.post(
            reverse("members:edit", args=[customer.pk]),
            {"segment": enterprise.pk, "customer_value": "900", "external_id": "CRM-7"},
        )

        assert 'name="suspend"' not in form  # suspending is for moderators' admins
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert response.url == reverse("members:index")
        customer.refresh_from_db()
        assert (customer.segment, customer.customer_value, customer.external_id) == (enterprise, 900, "CRM-7")

    def test_a_crm_id_taken_by_another_member_is_a_form_error(self, admin_client):
        MemberFactory(external_id="CRM-1")
        customer = MemberFactory()

        response = admin_client.post(
            reverse("members:edit", args=[customer.pk]), {"external_id": "CRM-1", "suspend": "", "reason": ""}
        )

        assert response.status_code == 200
        assert "CRM id" in response.content.decode()
        customer.refresh_from_db()
        assert customer.external_id is None
