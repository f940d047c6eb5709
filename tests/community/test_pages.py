import pytest
from django.urls import reverse

from community.models import StandardPage
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_says_what_the_community_is_for(client, home):
    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in body
    assert "How it works" in body
    assert "Share an idea" in body
    assert f'href="{reverse("account_signup")}"' in body
    assert 'class="skip-link" href="#main"' in body
    assert '<main id="main"' in body


def test_the_menus_list_the_pages_editors_put_there(client, home):
    body = client.get("/").content.decode()

    main = body[body.index('aria-label="Main"') : body.index("</nav>", body.index('aria-label="Main"'))]
    footer = body[body.index('class="footer-nav"') :]
    assert '<a href="/"' in main
    for link in ('<a href="/guidelines/">Community guidelines</a>', '<a href="/about/">About this community</a>',
                 '<a href="/privacy/">Privacy</a>'):  # fmt: skip
        assert link in footer and link not in main


def test_a_standard_page_shows_its_content(client, home):
    response = client.get("/guidelines/")

    assert response.status_code == 200
    assert "Be kind and specific" in response.content.decode()
    assert 'aria-current="page"' in response.content.decode()


def test_a_draft_page_is_not_public(client, home):
    draft = StandardPage(title="Secret plans", slug="secret", live=False)
    home.add_child(instance=draft)

    assert client.get("/secret/").status_code == 404
    assert "Secret plans" not in client.get("/").content.decode()


def test_the_language_switcher_turns_the_site_german(client, home):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/guidelines/"})
    page = client.get("/guidelines/")

    assert response.status_code == 302
    assert response.url == "/guidelines/"
    body = page.content.decode()
    assert '<html lang="de">' in body
    assert "Zum Hauptinhalt springen" in body
    assert "Anmelden" in body


def test_a_signed_in_member_sees_their_name_and_can_sign_out(client, home):
    member = MemberFactory(display_name="Ada Lovelace")
    client.force_login(member)

    body = client.get("/").content.decode()

    assert "Ada Lovelace" in body
    assert f'action="{reverse("account_logout")}"' in body
    assert 'href="/admin/"' not in body


def test_the_home_page_needs_the_same_queries_however_many_pages_exist(client, home, django_assert_max_num_queries):
    client.get("/")  # warm Wagtail's site cache
    for number in range(15):
        home.add_child(instance=StandardPage(title=f"Page {number}", slug=f"page-{number}", show_in_menus=True))

    with django_assert_max_num_queries(12):
        response = client.get("/")

    assert "Page 14" in response.content.decode()
