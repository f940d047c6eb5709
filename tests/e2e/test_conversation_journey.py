"""A conversation in a real browser: a reply threads under its comment, a member named
with the autocomplete hears it, a reaction counts, an edit shows as edited, and the
preview shows the Markdown as the page will."""

import pytest
from playwright.sync_api import expect

from community.models import Notification
from ideas import services
from ideas.models import Comment, CommentReaction
from tests.e2e.helpers import sign_in, sign_out
from tests.factories import IdeaFactory, MemberFactory

pytestmark = [pytest.mark.e2e]


def test_a_reply_with_a_mention_threads_and_reaches_the_member_named(page, live_server, board, assert_accessible):
    ada, grace, linus = (MemberFactory(display_name=name) for name in ("Ada Lovelace", "Grace Hopper", "Linus"))
    idea = IdeaFactory(title="Offline folders", author=ada)
    top = services.add_comment(grace, idea, "Offline would help me on trains.")
    services.add_comment(linus, idea, "Me too.")

    sign_in(page, live_server.url, ada.email)
    page.goto(f"{live_server.url}/ideas/{idea.pk}/")
    thread = page.locator(f"#comment-{top.pk}")
    thread.get_by_text("Reply to Grace Hopper").first.click()
    reply = thread.get_by_label("Your reply to Grace Hopper")
    expect(reply).to_have_value("@Grace Hopper ")
    reply.press("End")
    reply.press_sequentially("and @Lin", delay=30)
    people = page.get_by_role("listbox", name="People to mention")
    expect(people.get_by_role("option", name="Linus")).to_be_visible()
    assert_accessible(page)
    reply.press("Enter")  # takes the highlighted person
    expect(reply).to_have_value("@Grace Hopper and @Linus ")
    reply.press_sequentially("— see **this**.")
    thread.get_by_role("button", name="Preview").click()
    expect(thread.get_by_role("region", name="Preview of your text").locator("strong")).to_have_text("this")
    thread.get_by_role("button", name="Write").click()
    thread.get_by_role("button", name="Post reply").click()

    answer = Comment.objects.get(author=ada)
    assert answer.parent == top
    posted = page.locator(f"#comment-{answer.pk}")
    expect(posted).to_be_visible()
    expect(page.locator(f"#comment-{top.pk} .comments--replies #comment-{answer.pk}")).to_be_visible()
    expect(posted.get_by_role("link", name="@Linus")).to_have_attribute("href", f"/members/{linus.pk}/")
    assert_accessible(page)

    # Ada fixes her words within the window: shown as edited.
    posted.get_by_text("Edit your comment").click()
    posted.get_by_label("Your comment").fill("@Grace Hopper and @Linus — see this, please.")
    posted.get_by_role("button", name="Save changes").click()
    expect(page.locator(f"#comment-{answer.pk} .comment__edited")).to_have_text("edited")
    sign_out(page)

    # Linus was named: he hears it, under "Comments that mention me"; Grace hears the reply.
    assert Notification.objects.filter(recipient=linus, topic="mentions").count() == 1
    assert Notification.objects.filter(recipient=grace, topic="replies").count() == 1
    sign_in(page, live_server.url, linus.email)
    page.get_by_role("link", name="Notifications 1 unread").click()
    expect(page.get_by_role("link", name="Ada Lovelace mentioned you on “Offline folders”")).to_be_visible()

    # He reacts to Ada's reply: the count shows at once.
    page.goto(f"{live_server.url}/ideas/{idea.pk}/")
    mine = page.locator(f"#comment-{answer.pk}")
    mine.get_by_title("Add a reaction").click()
    mine.get_by_role("button", name="Love it").click()
    expect(mine.get_by_role("button", name="Love it: 1 reaction")).to_have_attribute("aria-pressed", "true")
    assert CommentReaction.objects.filter(comment=answer, member=linus, kind="love").exists()
    assert_accessible(page)
