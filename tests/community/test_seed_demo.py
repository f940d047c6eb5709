import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from wagtail.models import Site

from community import demo
from community.models import BrandingSettings, HomePage, StandardPage, User

pytestmark = pytest.mark.django_db
MEMBERS = len(demo.DEMO_MEMBERS) + demo.GENERATED_MEMBERS


def demo_members_emailed_by_default() -> list[int]:
    """Demo members for whom some topic is emailed (their addresses are example.com)."""
    from community.notifications import channels

    return [
        member.pk
        for member in User.objects.filter(is_staff=False)
        if set(channels.channels_of(member).values()) & set(channels.EMAILED)
    ]


def seed(capsys, *args) -> str:
    call_command("seed_demo", *args)
    return capsys.readouterr().out


def test_it_creates_the_pages_a_community_and_an_admin(capsys, settings):
    settings.ADMIN_EMAIL = settings.ADMIN_PASSWORD = ""

    out = seed(capsys)

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert set(StandardPage.objects.live().values_list("slug", flat=True)) == {"guidelines", "privacy", "about"}
    assert BrandingSettings.for_site(site).community_name == "Tandem Community"
    assert User.objects.filter(is_staff=False).count() == MEMBERS
    assert EmailAddress.objects.filter(verified=True).count() == MEMBERS + 2  # admin, product team
    assert not demo_members_emailed_by_default()  # no demo emails to print
    admin = User.objects.get(is_superuser=True)
    assert admin.email == "admin@example.com"
    assert "35 ideas" in out
    segmented = User.objects.filter(is_staff=False, segment__isnull=False)
    assert set(segmented.values_list("segment__name", flat=True)) == {"Enterprise", "Small business", "Education"}
    assert MEMBERS // 2 < segmented.count() < MEMBERS  # some customers are not in the CRM
    assert not User.objects.filter(is_staff=False, archetype_computed_at__isnull=True).exists()
    assert User.objects.filter(is_staff=False).exclude(archetype="other").exists()
    assert User.objects.filter(reputation__gt=0).exists()  # planned ideas, helpful reviews
    password = out.split("admin@example.com / ")[1].split()[0]
    assert admin.check_password(password)


def test_running_it_again_changes_nothing_and_prints_no_password(capsys):
    seed(capsys)
    counts = (User.objects.count(), HomePage.objects.count(), StandardPage.objects.count())

    out = seed(capsys)

    assert (User.objects.count(), HomePage.objects.count(), StandardPage.objects.count()) == counts
    assert "0 pages and 0 members created" in out
    assert " / " not in out


def test_reset_starts_over_but_keeps_the_admin(capsys):
    seed(capsys)
    admin = User.objects.get(is_superuser=True)
    StandardPage.objects.get(slug="about").delete()
    HomePage.objects.update(title="Edited by someone")

    out = seed(capsys, "--reset")

    assert StandardPage.objects.filter(slug="about").exists()
    assert HomePage.objects.get().title == "Welcome to our product community"
    assert "35 ideas" in out
    assert User.objects.filter(is_staff=False).count() == MEMBERS
    assert User.objects.get(is_superuser=True).pk == admin.pk
    assert f"{1 + 3 + 1 + 4 + 3} pages and {MEMBERS} members created" in out  # home, standard, products, ideas


def test_the_admin_comes_from_the_environment_when_given(capsys, settings):
    settings.ADMIN_EMAIL = "Owner@Example.org"  # ADMIN_EMAIL and ADMIN_PASSWORD in the environment
    settings.ADMIN_PASSWORD = "a-chosen-admin-password"

    out = seed(capsys)

    admin = User.objects.get(is_superuser=True)
    assert admin.email == "owner@example.org"
    assert admin.check_password("a-chosen-admin-password")
    assert "a-chosen-admin-password" not in out


def test_the_seeded_home_page_is_served(client, capsys):
    seed(capsys)

    response = client.get("/")

    assert response.status_code == 200
    assert "Welcome to our product community" in response.content.decode()
