"""Moderation in a real browser: a new member's first idea is held and approved in the
admin queue; a comment reported twice is hidden, rejected, and its author sees why."""

import pytest
from playwright.sync_api import expect

from community.models import ModerationPolicy
from ideas import services
from tests.e2e.helpers import sign_in, sign_in_with_code, sign_out
from tests.factories import IdeaFactory, MemberFactory, StaffFactory

pytestmark = [pytest.mark.e2e]


def test_held_idea_approved_and_reported_comment_rejected(page, live_server, board, assert_accessible):
    ModerationPolicy.objects.update_or_create(defaults={"hold_first_posts": 1, "hide_after_flags": 2})
    newcomer = MemberFactory(display_name="Newcomer")
    regular = MemberFactory(display_name="Rude Regular")
    IdeaFactory(author=regular, title="An older idea")  # published before: no longer a new member
    commented = IdeaFactory(title="Dark mode")
    comment = services.add_comment(regular, commented, "Only idiots want dark mode")
    staff = StaffFactory()

    sign_in(page, live_server.url, newcomer.email)
    page.goto(live_server.url + "/ideas/new/")
    page.get_by_label("Title").fill("Offline folders on Android")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_text("Waiting for a moderator")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/ideas/")
    expect(page.get_by_text("Offline folders on Android")).to_have_count(0)
    sign_out(page)

    for reporter in MemberFactory.create_batch(2):
        sign_in(page, live_server.url, reporter.email)
        page.goto(f"{live_server.url}/ideas/{commented.pk}-{commented.slug}/")
        page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Report").click()
        assert_accessible(page)
        page.get_by_label("Rude or abusive").check()
        page.get_by_role("button", name="Send report").click()
        expect(page.get_by_text("A moderator will look at it")).to_be_visible()
        sign_out(page)
    page.goto(f"{live_server.url}/ideas/{commented.pk}-{commented.slug}/")
    expect(page.get_by_text("Only idiots want dark mode")).to_have_count(0)

    sign_in_with_code(page, live_server.url, staff)
    page.goto(live_server.url + "/admin/moderation/")
    expect(page.get_by_role("link", name="Moderation (2)")).to_be_visible()
    page.get_by_role("link", name="Offline folders on Android").click()
    page.get_by_label("Approve: publish it").check()
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Decided. The author is told.")).to_be_visible()
    page.get_by_role("link", name="Only idiots want dark mode").click()
    page.get_by_label("Reject: hide it, with a reason").check()
    page.get_by_label("Reason shown to the author").fill("Please criticise ideas, not people.")
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Nothing waits for a moderator")).to_be_visible()
    page.goto(live_server.url + "/")
    sign_out(page)

    page.goto(live_server.url + "/ideas/")
    expect(page.get_by_role("link", name="Offline folders on Android")).to_be_visible()

    sign_in(page, live_server.url, regular.email)
    page.goto(f"{live_server.url}/ideas/{commented.pk}-{commented.slug}/")
    expect(page.get_by_text("Please criticise ideas, not people.")).to_be_visible()
    assert_accessible(page)
