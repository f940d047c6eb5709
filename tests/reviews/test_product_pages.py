import pytest

from community import site as site_setup
from reviews.demo import seed_products
from reviews.models import ProductPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(site):
    seed_products(site_setup.SeedReport())


def test_the_product_index_lists_live_products_with_their_status(client, catalogue):
    response = client.get("/products/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/products/sync/">Sync</a>' in body
    assert "Beta" in body and "Retired" in body
    assert '<a href="/products/" aria-current="page">Products</a>' in body  # in the main menu


def test_a_product_page_shows_what_the_product_is(client, catalogue):
    response = client.get("/products/insights/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Insights</h1>" in body
    assert "Team admins see storage by folder" in body


def test_an_unpublished_product_is_not_public(client, catalogue):
    ProductPage.objects.get(slug="mobile").unpublish()

    assert client.get("/products/mobile/").status_code == 404
    assert "Mobile app" not in client.get("/products/").content.decode()


def test_the_product_index_needs_the_same_queries_however_many_products(
    client, catalogue, django_assert_max_num_queries
):
    from reviews.models import ProductIndexPage

    index = ProductIndexPage.objects.get()
    client.get("/products/")
    for number in range(20):
        index.add_child(instance=ProductPage(title=f"Product {number}", slug=f"product-{number}", summary="A product."))

    with django_assert_max_num_queries(15):
        response = client.get("/products/")

    assert "Product 19" in response.content.decode()
