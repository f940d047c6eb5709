"""Customize: a signed-in member's home page starts with what concerns them."""

import pytest

from community import follows
from community.models import Notification, Segment
from ideas import services as idea_services
from reviews.models import ProductIndexPage, ProductOwnership
from tests.factories import IdeaFactory, MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(board):
    board.get_parent().add_child(instance=ProductIndexPage(title="Products", slug="products"))
    return ProductFactory(title="Sync"), ProductFactory(title="Reports"), ProductFactory(title="Mail")


@pytest.fixture
def customer(products):
    sync, reports, _ = products
    enterprise = Segment.objects.create(name="Enterprise")
    customer = MemberFactory(segment=enterprise)
    ProductOwnership.objects.create(member=customer, product=sync)
    follows.follow(customer, reports)
    return customer


def test_a_member_sees_their_products_their_ideas_and_their_segments_demand_first(client, products, customer):
    sync, reports, mail = products
    IdeaFactory(title="Sync offline", product=sync, vote_count=4)
    voted = IdeaFactory(title="Sync conflicts", product=sync)
    idea_services.cast_vote(customer, voted)
    IdeaFactory(title="Mail templates", product=mail)
    wanted = IdeaFactory(title="SSO for admins")
    for _ in range(2):
        idea_services.cast_vote(MemberFactory(segment=customer.segment), wanted)
    Notification.objects.create(recipient=customer, event_key="e:1", title="“Dark mode” is now Planned", url="/x/")
    client.force_login(customer)

    body = client.get("/").content.decode()

    for_you = body.split('id="for-you-title"')[1]
    assert for_you.index("News for you") < for_you.index("Your products") < for_you.index("Ideas on your products")
    assert "“Dark mode” is now Planned" in for_you
    assert "Sync" in for_you and "Reports" in for_you
    assert "Sync offline" in for_you
    assert "Sync conflicts" not in for_you.split("Popular with customers like you")[0]  # already voted
    assert "Mail templates" not in for_you  # not their product
    assert "SSO for admins" in for_you.split("Popular with customers like you")[1]
    assert "Enterprise" not in body  # the segment is the company's business


def test_visitors_and_members_with_nothing_of_their_own_see_the_general_page(client, products, home):
    assert 'id="for-you-title"' not in client.get("/").content.decode()
    client.force_login(MemberFactory())
    assert 'id="for-you-title"' not in client.get("/").content.decode()


def test_the_home_page_takes_the_same_queries_however_much_there_is(
    client, products, customer, django_assert_max_num_queries
):
    sync, *_ = products
    for number in range(12):
        IdeaFactory(title=f"Idea {number}", product=sync, vote_count=number)
        Notification.objects.create(recipient=customer, event_key=f"e:{number}", title=f"News {number}", url="/x/")
    client.force_login(customer)

    with django_assert_max_num_queries(30):
        body = client.get("/").content.decode()

    assert body.count("for-you__panel") >= 3


def test_a_member_follows_and_unfollows_a_product(client, products, member):
    sync, *_ = products
    client.force_login(member)

    followed = client.post(f"{sync.url}follow/", follow=True)
    assert follows.is_following(member, sync)
    assert "Unfollow this product" in followed.content.decode()
    client.post(f"{sync.url}follow/", {"action": "unfollow"})
    assert not follows.is_following(member, sync)


def test_following_a_product_needs_a_signed_in_member_and_a_post(client, products):
    sync, *_ = products

    assert client.get(f"{sync.url}follow/").status_code == 405
    assert client.post(f"{sync.url}follow/").status_code == 302
