"""The changelog in a real browser: a visitor subscribes to the release posts, confirms
from the email, and receives the next release post; one click unsubscribes."""

import re

import pytest
from playwright.sync_api import expect

from changelog.models import ReleaseIdea, ReleasePage, Subscription
from ideas import services
from ideas.models import ChangelogPage
from tests.factories import IdeaFactory, StaffFactory, status

pytestmark = [pytest.mark.e2e]


def test_a_visitor_subscribes_confirms_and_gets_the_next_release_post(
    page, live_server, board, mailoutbox, assert_accessible
):
    changelog = ChangelogPage(title="Changelog", slug="changelog")
    board.get_parent().add_child(instance=changelog)
    shipped = IdeaFactory(title="Dark mode")
    services.change_status(shipped, status("shipped"), StaffFactory(), "Out in 4.2.")

    page.goto(live_server.url + "/changelog/")
    assert_accessible(page)
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Almost done: we sent a link to that address.")).to_be_visible()
    assert not Subscription.objects.get().is_active

    [confirmation] = mailoutbox
    link = re.search(r"https?://[^/\s]+(/subscriptions/changelog/confirm/\S+/)", confirmation.body).group(1)
    page.goto(live_server.url + link)
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send them").click()
    expect(page.get_by_text("Confirmed: release posts come to reader@example.org.")).to_be_visible()

    release = ReleasePage(title="Version 4.2", summary="Dark mode, at last.")
    changelog.add_child(instance=release)
    ReleaseIdea.objects.create(release=release, idea=shipped)
    release.save_revision().publish()

    [post] = [message for message in mailoutbox if message.subject == "Version 4.2"]
    assert post.to == ["reader@example.org"] and "Dark mode" in post.body
    page.goto(live_server.url + "/changelog/")
    page.get_by_role("link", name="Version 4.2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 4.2")
    expect(page.get_by_role("link", name="Dark mode")).to_be_visible()
    assert_accessible(page)

    leave = re.search(r"https?://[^/\s]+(/subscriptions/changelog/leave/\S+/)", post.body).group(1)
    page.goto(live_server.url + leave)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_text("Done: no more release posts to reader@example.org.")).to_be_visible()
    assert Subscription.objects.get().ended_at is not None
