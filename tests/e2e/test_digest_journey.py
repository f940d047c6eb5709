"""A member chooses a weekly digest for status changes, hears of one only in the digest,
and turns it off with the link in that email, without signing in."""

import re

import pytest
from playwright.sync_api import expect

from community import tasks
from community.models import Channel, ConsentChange
from ideas import services
from ideas.topics import IDEA_STATUS
from tests.e2e.helpers import go_to_own_profile, sign_in, sign_out
from tests.factories import IdeaFactory, MemberFactory, StaffFactory, status

pytestmark = [pytest.mark.e2e]


def test_status_updates_arrive_in_the_weekly_digest_and_its_link_unsubscribes(
    page, live_server, board, mailoutbox, assert_accessible
):
    member = MemberFactory(display_name="Ada")
    idea = IdeaFactory(title="Offline folders on Android")

    sign_in(page, live_server.url, member.email)
    go_to_own_profile(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada")
    assert_accessible(page)
    page.get_by_role("link", name="Edit your profile").click()
    page.get_by_label("About me").fill("I test offline sync on trains.")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("I test offline sync on trains.")).to_be_visible()
    page.get_by_role("link", name="Edit your profile").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/ideas/{idea.pk}-{idea.slug}/")
    page.locator(".vote__button").click()  # voting follows the idea
    expect(page.locator(".vote__count")).to_have_text("1")
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="Choose how you hear about what").click()
    assert_accessible(page)
    page.get_by_label("Status changes of ideas I follow").select_option(
        label="On the site and in a weekly email digest"
    )
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="On the site and in a weekly email digest")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # A product manager moves the idea on; the member is told on the site, not by email.
    services.change_status(idea, status("planned"), StaffFactory(), "Planned for the summer release.")
    assert mailoutbox == []

    tasks.start_digests.delay("weekly")  # what Celery beat does on Monday morning

    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [member.email]
    assert digest.subject == "Your weekly digest: 1 update"
    assert "“Offline folders on Android” is now Planned" in digest.body
    link = re.search(r"Stop these emails with one click: (\S+)", digest.body).group(1)
    path = link.split("://", 1)[1].split("/", 1)[1]

    page.goto(f"{live_server.url}/{path}")  # signed out, straight from the email
    expect(page.get_by_role("listitem").filter(has_text="Status changes of ideas I follow")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_text("Done: we no longer email")).to_be_visible()
    assert_accessible(page)

    change = ConsentChange.objects.filter(member=member).first()
    assert (change.topic, change.channel, change.source) == (IDEA_STATUS, Channel.IN_APP, "unsubscribe")
    services.change_status(idea, status("in-progress"), StaffFactory(), "")
    tasks.start_digests.delay("weekly")
    assert len(mailoutbox) == 1  # nothing more by email ...

    sign_in(page, live_server.url, member.email)
    page.get_by_role("link", name="Notifications 2 unread").click()  # ... but both on the site
    expect(page.get_by_role("link", name="“Offline folders on Android” is now In progress")).to_be_visible()

    page.goto(live_server.url + "/")  # the home page starts with what concerns them
    news = page.get_by_role("region", name="News for you")
    expect(news.get_by_role("link", name="“Offline folders on Android” is now In progress")).to_be_visible()
    assert_accessible(page)
