"""Members share, find and vote for ideas in a real browser; every page passes axe."""

import pytest
from playwright.sync_api import expect

from ideas.models import Idea
from tests.e2e.helpers import sign_in, sign_in_with_code, sign_out
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status

pytestmark = [pytest.mark.e2e]


def test_a_member_posts_an_idea_and_another_finds_it_votes_and_comments_then_both_hear_it_is_planned(
    page, live_server, board, roadmap, mailoutbox, assert_accessible
):
    author, voter = MemberFactory(display_name="Ada"), MemberFactory(display_name="Grace")

    sign_in(page, live_server.url, author.email)
    page.goto(live_server.url + "/ideas/")
    assert_accessible(page)
    page.get_by_role("link", name="Share an idea").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Offline folders on Android")
    page.get_by_label("Details").fill("For **long train rides**.")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offline folders on Android")
    expect(page.locator(".idea__body strong")).to_have_text("long train rides")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, voter.email)
    page.goto(live_server.url + "/ideas/new/")
    page.get_by_label("Title").press_sequentially("Make folders available offline", delay=20)
    suggestion = page.locator("#similar-ideas").get_by_role("link", name="Offline folders on Android")
    expect(suggestion).to_be_visible()
    assert_accessible(page)
    suggestion.click()

    vote = page.locator(".vote__button")
    expect(vote).to_have_attribute("aria-pressed", "false")
    vote.click()  # HTMX swaps the button in place
    expect(page.locator(".vote__button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".vote__count")).to_have_text("2")  # its author's vote and Grace's
    # The importance picker came with the vote: one press saves it.
    page.get_by_role("button", name="Critical").click()
    expect(page.get_by_role("button", name="Critical")).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Your comment:", exact=True).fill("I need this on the train too.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment__body")).to_have_text("I need this on the train too.")
    assert_accessible(page)

    idea = Idea.objects.get()
    assert (idea.vote_count, idea.comment_count, idea.follower_count) == (2, 1, 2)
    assert idea.votes.get(member=voter).importance == 3
    sign_out(page)

    # Staff sign in with their second factor and move the idea to "planned" in the admin.
    sign_in_with_code(page, live_server.url, StaffFactory())
    page.goto(f"{live_server.url}/admin/status_changes/new/?idea={idea.pk}")
    page.locator("#id_to_status").select_option(label="Planned")
    page.locator("#id_message").fill("Planned for the **summer** release.")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("is now Planned")).to_be_visible()
    page.goto(live_server.url + "/")
    sign_out(page)

    # Both members hear it on the site (by default, status changes are not emailed; the
    # author was emailed about the comment on their idea), and find it on the roadmap.
    assert [message.subject for message in mailoutbox] == ["Grace commented on your idea “Offline folders on Android”"]
    for member, unread in ((author, 2), (voter, 1)):
        sign_in(page, live_server.url, member.email)
        page.get_by_role("link", name=f"Notifications {unread} unread").click()
        expect(page.get_by_role("link", name="“Offline folders on Android” is now Planned")).to_be_visible()
        planned = page.locator(".history__item").filter(has_text="is now Planned")
        expect(planned.locator("strong").last).to_have_text("summer")
        assert_accessible(page)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Roadmap").click()
        expect(page.locator("#roadmap-planned").locator("xpath=..").get_by_role("link")).to_have_text(
            "Offline folders on Android"
        )
        assert_accessible(page)
        sign_out(page)


def test_the_board_filters_and_fits_a_small_screen(page, live_server, board, assert_accessible):
    IdeaFactory(title="Dark mode for the mobile app")
    IdeaFactory(title="Export reports as CSV")
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(live_server.url + "/ideas/")
    expect(page.get_by_role("button", name="Apply")).to_be_hidden()  # the filters apply as they change
    page.get_by_label("Search ideas", exact=True).fill("dark")

    expect(page.locator(".idea-card")).to_have_count(1)
    expect(page.locator(".idea-card__title")).to_have_text("Dark mode for the mobile app")
    expect(page.locator("#board-count")).to_have_text("1 idea")
    assert "q=dark" in page.url  # the address keeps the filters, for the back button and sharing
    page.get_by_label("Status").select_option("planned")
    expect(page.locator(".idea-card")).to_have_count(0)
    expect(page.locator("#board-count")).to_have_text("0 ideas")
    page.get_by_label("Status").select_option("")
    expect(page.locator(".idea-card")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert_accessible(page)


def test_without_javascript_the_filters_apply_with_the_button(browser, live_server, board):
    IdeaFactory(title="Dark mode for the mobile app")
    IdeaFactory(title="Export reports as CSV", status=status("planned"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(live_server.url + "/ideas/")
    page.get_by_label("Status").select_option("planned")
    expect(page.locator(".idea-card")).to_have_count(2)  # nothing happens until Apply
    page.get_by_role("button", name="Apply").click()

    expect(page.locator(".idea-card__title")).to_have_text("Export reports as CSV")
    assert "status=planned" in page.url
    context.close()
