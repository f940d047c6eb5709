"""`manage.py init_site`: the site a company starts with, no demo content, made once."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from community.models import HomePage, StandardPage, User
from ideas.models import ChangelogPage, Idea, IdeaBoardPage, IdeaTag, RoadmapPage, Status
from reviews.models import ProductIndexPage, ProductPage

pytestmark = pytest.mark.django_db


def init_site(*args) -> str:
    out = io.StringIO()
    call_command("init_site", *args, stdout=out)
    return out.getvalue()


def test_a_new_site_gets_its_pages_and_first_staff_account_and_no_demo_content(client, settings):
    settings.ADMIN_PASSWORD = ""

    printed = init_site("--email", "Team@Company.example", "--no-input")

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    for page_class in (IdeaBoardPage, RoadmapPage, ChangelogPage, ProductIndexPage):
        assert page_class.objects.child_of(home).live().count() == 1
    assert set(StandardPage.objects.values_list("slug", flat=True)) == {"guidelines", "privacy", "about"}
    assert not Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2)
    assert (Idea.objects.count(), ProductPage.objects.count(), IdeaTag.objects.count()) == (0, 0, 0)
    assert Status.objects.filter(slug__in=["new", "planned", "shipped"]).count() == 3  # from the migrations
    staff = User.objects.get()
    assert (staff.email, staff.is_staff, staff.is_superuser) == ("team@company.example", True, True)
    assert staff.emailaddress_set.get().verified
    password = printed.split("team@company.example / ")[1].split()[0]
    assert staff.check_password(password)
    assert "shown only now" in printed
    assert "Moderators" in printed
    assert client.get("/ideas/").status_code == 200
    assert client.get("/products/").status_code == 200


def test_running_it_again_changes_nothing_and_shows_no_password(settings):
    settings.ADMIN_PASSWORD = ""
    init_site("--email", "team@company.example", "--no-input")
    pages = Page.objects.count()

    again = init_site("--email", "team@company.example", "--no-input")

    assert Page.objects.count() == pages
    assert User.objects.count() == 1
    assert "0 pages created" in again
    assert " / " not in again and "Staff account: team@company.example" in again


def test_the_address_and_password_can_come_from_the_environment(settings):
    settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD = "ops@company.example", "a long chosen passphrase"

    printed = init_site("--no-input")

    assert User.objects.get(email="ops@company.example").check_password("a long chosen passphrase")
    assert "passphrase" not in printed


def test_without_an_address_it_asks_or_refuses(settings, monkeypatch):
    settings.ADMIN_EMAIL = ""
    with pytest.raises(CommandError, match="ADMIN_EMAIL"):
        init_site("--no-input")
    with pytest.raises(CommandError, match="not an email address"):
        init_site("--email", "nobody", "--no-input")

    monkeypatch.setattr("builtins.input", lambda prompt: "asked@company.example")
    init_site()

    assert User.objects.filter(email="asked@company.example", is_staff=True).exists()
    assert HomePage.objects.count() == 1


def test_seed_demo_builds_on_the_same_site(settings):
    settings.ADMIN_PASSWORD = ""
    init_site("--email", "team@company.example", "--no-input")
    boards = IdeaBoardPage.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert IdeaBoardPage.objects.count() == boards == 1
    assert Idea.objects.exists() and ProductPage.objects.exists()
