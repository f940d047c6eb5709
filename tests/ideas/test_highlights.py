"""The weekly highlights: the most-voted new ideas on the products a member owns or follows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community import follows
from community.models import Channel
from community.notifications import digests
from ideas.extensions import highlights
from ideas.topics import HIGHLIGHTS
from reviews.models import ProductIndexPage, ProductOwnership
from tests.factories import IdeaFactory, MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(board):
    board.get_parent().add_child(instance=ProductIndexPage(title="Products", slug="products"))
    return ProductFactory(title="Sync"), ProductFactory(title="Reports")


def test_owners_and_followers_get_the_top_new_ideas_of_their_products(products):
    sync, reports = products
    owner, follower, reader = MemberFactory(), MemberFactory(), MemberFactory()
    ProductOwnership.objects.create(member=owner, product=sync)
    follows.follow(follower, reports)
    since = timezone.now() - timedelta(days=7)
    IdeaFactory(title="Old sync idea", product=sync, vote_count=99, created_at=since - timedelta(days=1))
    IdeaFactory(title="Sync offline", product=sync, vote_count=5)
    IdeaFactory(title="Sync conflicts", product=sync, vote_count=9)
    IdeaFactory(title="My own", product=sync, vote_count=50, author=owner)
    IdeaFactory(title="Hidden", product=sync, vote_count=70, moderation_state="pending")
    IdeaFactory(title="CSV export", product=reports, vote_count=2)

    found = highlights.new_ideas_on_my_products([owner.pk, follower.pk, reader.pk], since)

    assert [line.title for line in found[owner.pk]] == ["Sync conflicts", "Sync offline"]
    assert found[owner.pk][0].note == "Sync · 9 votes"
    assert found[owner.pk][0].url.startswith("/ideas/")
    assert [line.title for line in found[follower.pk]] == ["CSV export"]
    assert reader.pk not in found


def test_the_weekly_digest_carries_them_for_members_who_asked(products, mailoutbox):
    sync, _ = products
    asked = MemberFactory(channels={HIGHLIGHTS: Channel.WEEKLY})
    not_asked = MemberFactory()
    for member in (asked, not_asked):
        ProductOwnership.objects.create(member=member, product=sync)
    IdeaFactory(title="Sync offline", product=sync, vote_count=3)

    run = digests.start_run(Channel.WEEKLY, timezone.now() + timedelta(seconds=1))
    digests.send_batches(run.pk)

    assert [message.to for message in mailoutbox] == [[asked.email]]
    assert "== New ideas on your products ==" in mailoutbox[0].body
    assert "Sync offline (Sync · 3 votes)" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Your weekly digest: 1 update"


def test_finding_highlights_takes_the_same_queries_for_many_members(products, django_assert_max_num_queries):
    sync, reports = products
    members = [MemberFactory() for _ in range(30)]
    for member in members:
        ProductOwnership.objects.create(member=member, product=sync)
        follows.follow(member, reports)
    for number in range(10):
        IdeaFactory(title=f"Idea {number}", product=sync if number % 2 else reports, vote_count=number)

    with django_assert_max_num_queries(6):
        found = highlights.new_ideas_on_my_products([m.pk for m in members], timezone.now() - timedelta(days=7))

    assert len(found) == 30
