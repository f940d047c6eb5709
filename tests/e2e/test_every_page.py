"""Every page a visitor, a member and a product manager sees, in Chromium at 1280 and
390 pixels, in the light and the dark scheme (SCREENSHOTS_DIR=… ALL_VIEWS=1 takes every
page in all four): axe finds no WCAG 2.2 AA violation
(colour contrast included) and nothing is wider than the screen. With SCREENSHOTS_DIR
set, each view is also saved as a picture, for a person to look at."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from community.members.groups import PRODUCT_MANAGERS
from ideas import services
from ideas.models import ChangelogPage, RoadmapPage
from tests.e2e.helpers import sign_in, sign_in_with_code
from tests.factories import IdeaFactory, MemberFactory, status

pytestmark = [pytest.mark.e2e]

SHOTS = os.environ.get("SCREENSHOTS_DIR", "")
# Each width in each scheme once: visitors in two of the four views, members in the other two.
VISITOR_VIEWS = [(1280, "light"), (390, "dark")]
MEMBER_VIEWS = [(1280, "dark"), (390, "light")]
if os.environ.get("ALL_VIEWS"):
    VISITOR_VIEWS = MEMBER_VIEWS = [*VISITOR_VIEWS, *MEMBER_VIEWS]


@pytest.fixture
def community(board, product):
    """A little of everything: ideas with votes and comments, a shipped one, a review."""
    home = board.get_parent()
    home.add_child(instance=RoadmapPage(title="Roadmap", slug="roadmap", show_in_menus=True))
    home.add_child(instance=ChangelogPage(title="Changelog", slug="changelog", show_in_menus=True))
    ada = MemberFactory(display_name="Ada Lovelace")
    idea = services.submit_idea(
        ada, title="Offline folders on Android", body="For **long train rides**.", product=product
    )
    services.add_comment(MemberFactory(display_name="Grace Hopper"), idea, "Yes, @Ada Lovelace!")
    for voter in MemberFactory.create_batch(3):
        services.cast_vote(voter, idea)
    shipped = IdeaFactory(title="Dark mode", product=product)
    team = MemberFactory(display_name="Petra PM", is_staff=True)
    team.groups.add(_product_managers())
    services.change_status(shipped, status("shipped"), team, "Out in 4.2.")
    from reviews import services as reviews

    reviews.submit_review(MemberFactory(), product, rating=4, title="Reliable", body="Sync **just works**.")
    return ada, idea, team


def _product_managers() -> Group:
    from importlib import import_module

    from django.apps import apps

    import_module("community.migrations.0006_staff_groups").create_groups(apps, None)
    for migration in ("ideas.migrations.0006_staff_group_permissions", "ideas.migrations.0010_triage_permissions"):
        import_module(migration).grant_permissions(apps, None)
    return Group.objects.get(name=PRODUCT_MANAGERS)


def look(page, base: str, paths: list[str], who: str, views, assert_accessible) -> None:
    for width, scheme in views:
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        for path in paths:
            page.goto(base + path)
            expect(page.locator("h1").first).to_be_visible()
            assert_accessible(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, width, overflow)
            if SHOTS:
                name = f"{who}_{path.strip('/').replace('/', '_').replace('?', '_') or 'home'}_{width}_{scheme}.png"
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_every_public_page_passes_axe_signed_out_and_signed_in(page, live_server, community, assert_accessible):
    ada, idea, _team = community
    paths = ["/", "/ideas/", f"/ideas/{idea.pk}-{idea.slug}/", "/products/sync/", "/search/?q=offline",
             "/roadmap/", "/changelog/"]  # fmt: skip

    look(page, live_server.url, paths, "visitor", VISITOR_VIEWS, assert_accessible)
    sign_in(page, live_server.url, ada.email)
    signed_in = [*paths, "/ideas/new/", "/notifications/settings/", f"/members/{ada.pk}/", "/profile/api-keys/"]
    look(page, live_server.url, signed_in, "member", MEMBER_VIEWS, assert_accessible)


def test_the_product_managers_desk_passes_axe_in_both_admin_themes(page, live_server, community, assert_accessible):
    from wagtail.users.models import UserProfile

    _ada, idea, team = community
    sign_in_with_code(page, live_server.url, team)
    paths = ["/admin/", "/admin/triage/", f"/admin/triage/{idea.pk}/", "/admin/triage/kanban/", "/admin/insights/",
             "/admin/capture/"]  # fmt: skip
    for theme in ("light", "dark"):
        profile = UserProfile.get_for_user(team)
        profile.theme = theme
        profile.save()
        for path in paths:
            for width in (1280, 390) if path == "/admin/triage/" else (1280,):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(live_server.url + path)
                assert_accessible(page)
                if SHOTS:
                    Path(SHOTS).mkdir(parents=True, exist_ok=True)
                    name = f"admin_{path.strip('/').replace('/', '_')}_{width}_{theme}.png"
                    page.screenshot(path=str(Path(SHOTS) / name), full_page=True)
