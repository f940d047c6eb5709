"""Release posts on the changelog, and the people who get them by email: a visitor
confirms first (double opt-in, recorded), a member's own address needs no second step,
each published post reaches each subscription it concerns once, and one click ends it."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail

from changelog import services
from changelog.models import ReleaseDelivery, ReleaseIdea, ReleasePage, Subscription
from community.privacy import services as privacy
from ideas import services as idea_services
from reviews.models import ProductIndexPage
from tests.factories import IdeaFactory, ProductFactory, StaffFactory, status

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def products(home):
    home.add_child(instance=ProductIndexPage(title="Products", slug="products"))
    return ProductFactory(title="Sync", slug="sync"), ProductFactory(title="Reports", slug="reports")


def release(changelog, title="Version 4.2", product=None, ideas=(), publish=True):
    page = ReleasePage(title=title, summary=f"What {title} brings.", product=product)
    changelog.add_child(instance=page)
    for order, idea in enumerate(ideas):
        ReleaseIdea.objects.create(release=page, idea=idea, sort_order=order)
    if publish:
        page.save_revision().publish()
    return page


def link(message, name: str) -> str:
    return re.search(rf"https?://[^/\s]+(/subscriptions/changelog/{name}/[^\s\"]+/)", message.body).group(1)


def test_a_release_post_gathers_its_shipped_ideas_on_the_changelog_and_in_the_feed(client, board, changelog):
    shipped = IdeaFactory(title="Dark mode")
    idea_services.change_status(shipped, status("shipped"), StaffFactory(), "It is **here**.")
    post = release(changelog, ideas=[shipped])

    listing = client.get("/changelog/").content.decode()
    page = client.get(post.url).content.decode()
    feed = ET.fromstring(client.get("/changelog/feed/").content)  # noqa: S314 (our own feed, in a test)

    assert "Version 4.2" in listing and "What Version 4.2 brings." in listing
    assert f'href="{post.url}"' in listing
    assert "Dark mode" in listing  # its own entry stays
    assert "Ideas from the community in this release" in page and f'href="/ideas/{shipped.pk}-dark-mode/"' in page
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert set(titles) == {"Version 4.2", "Dark mode"}


def test_a_visitor_confirms_by_email_before_anything_is_sent(client, changelog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/subscriptions/changelog/",
            {"email": " Ada@Example.org ", "next": "/changelog/"},
            REMOTE_ADDR="203.0.113.7",
            follow=True,
        )

    subscription = Subscription.objects.get()
    assert "we sent a link to that address" in answer.content.decode()
    assert (subscription.email, subscription.is_active, subscription.asked_from) == (
        "ada@example.org",
        False,
        "203.0.113.7",
    )
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and message.subject == "Confirm: release posts by email"
    confirm = link(message, "confirm")

    opened = client.get(confirm)  # a mail scanner opening the link confirms nothing
    subscription.refresh_from_db()
    assert "Yes, send them" in opened.content.decode() and not subscription.is_active
    done = client.post(confirm, REMOTE_ADDR="198.51.100.9")
    subscription.refresh_from_db()
    assert "Confirmed: release posts come to ada@example.org." in done.content.decode()
    assert subscription.is_active and subscription.confirmed_from == "198.51.100.9"


def test_asking_again_neither_tells_who_subscribed_nor_floods_the_inbox(
    client, changelog, member, django_capture_on_commit_callbacks
):
    for _attempt in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post("/subscriptions/changelog/", {"email": "grace@example.org"}, follow=True)
        assert "we sent a link to that address" in answer.content.decode()

    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1


def test_a_members_own_address_is_subscribed_at_once(client, changelog, member):
    client.force_login(member)

    answer = client.post("/subscriptions/changelog/", {"email": member.email}, follow=True)

    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.member == member
    assert f"Done: release posts come to {member.email}." in answer.content.decode()
    assert mail.outbox == []


def test_a_member_subscribing_someone_else_needs_that_persons_confirmation(
    client, changelog, member, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/subscriptions/changelog/", {"email": "friend@example.org"})

    assert not Subscription.objects.get().is_active and len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "field"), [({"email": "not-an-address"}, "email"), ({"email": "a@b.org", "product": "nope"}, "product")]
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(client, changelog, products, data, field):
    answer = client.post("/subscriptions/changelog/", data)

    assert answer.status_code == 422
    assert f'id="id_{field}_error"' in answer.content.decode()
    assert not Subscription.objects.exists()


def test_a_published_post_reaches_each_subscription_it_concerns_once(
    changelog, products, board, django_capture_on_commit_callbacks
):
    sync, reports = products
    everything = services.subscribe("all@example.org")
    services.confirm(everything.token)
    sync_only = services.subscribe("sync@example.org", product=sync)
    services.confirm(sync_only.token)
    services.confirm(services.subscribe("reports@example.org", product=reports).token)
    services.subscribe("pending@example.org")  # never confirmed
    gone = services.subscribe("gone@example.org")
    services.confirm(gone.token)
    services.unsubscribe(gone.token)
    mail.outbox.clear()
    shipped = IdeaFactory(title="Offline folders", product=sync)

    with django_capture_on_commit_callbacks(execute=True):
        post = release(changelog, title="Sync 5", product=sync, ideas=[shipped])
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()  # published again after an edit: nobody gets it twice

    assert sorted(message.to[0] for message in mail.outbox) == ["all@example.org", "sync@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Sync 5"
    assert "Offline folders" in message.body and post.url in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert ReleaseDelivery.objects.filter(sent_at__isnull=False).count() == 2


def test_one_click_in_the_mail_program_unsubscribes(client, changelog):
    subscription = services.subscribe("ada@example.org")
    services.confirm(subscription.token)
    leave = f"/subscriptions/changelog/leave/{subscription.token}/"

    page = client.get(leave)
    one_click = client.post(leave, {"List-Unsubscribe": "One-Click"})

    subscription.refresh_from_db()
    assert "Stop the release posts to ada@example.org?" in page.content.decode()
    assert one_click.status_code == 204 and subscription.ended_at is not None
    assert client.get("/subscriptions/changelog/leave/nonsense/").status_code == 404
    assert client.get("/subscriptions/changelog/confirm/nonsense/").status_code == 404


def test_a_deleted_account_takes_its_subscriptions_along(changelog, member):
    services.confirm(services.subscribe(member.email, member=member).token)

    exported = privacy.collect(member)["changelog"]["changelog_subscriptions"]
    privacy.delete_account(member, by=member, confirm_email=member.email, remove_content=False)

    assert [row["email"] for row in exported] == [member.email]
    assert not Subscription.objects.exists()


def test_the_changelog_page_needs_the_same_queries_however_many_posts(client, changelog, board):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client.get("/changelog/")  # new pages renew the cached menus once
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/changelog/").status_code == 200
        return len(captured.captured_queries)

    release(changelog, title="First")
    few = queries()
    for number in range(5):
        release(changelog, title=f"Release {number}")

    many = queries()
    assert (few, many) == (few, few) and 5 < few <= 20
