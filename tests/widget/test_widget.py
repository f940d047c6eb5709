"""The widget's server side: only listed sites may frame it, the company's token becomes
the frame's own partitioned session, and the customer shares and votes from there."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from community.models import User
from ideas.models import Idea, Vote
from tests.factories import IdeaFactory
from tests.factories.identity import connected_app, token

pytestmark = pytest.mark.django_db
HOST = "https://app.example.com"


@pytest.fixture
def app():
    return connected_app(embed_origins=f"{HOST}\nhttp://localhost:3000")


def frame(client, name="widget_share", origin=HOST, **params):
    return client.get(reverse(name), {"origin": origin, **params})


def signed_in_frame(app) -> Client:
    client = Client()
    client.post(f"{reverse('widget_session')}?origin={HOST}", data={"token": token()}, content_type="application/json")
    return client


def test_the_script_is_small_and_self_contained(client):
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert len(body.encode()) < 15_000
    assert "http://" not in body and "https://" not in body.replace("https://community.example.com", "")


def test_a_listed_site_may_frame_the_widget_and_no_other(client, app):
    shown = frame(client)
    assert shown.status_code == 200
    assert f"frame-ancestors {HOST}" in shown["Content-Security-Policy"]
    assert "X-Frame-Options" not in shown
    assert f'data-parent-origin="{HOST}"' in shown.content.decode()

    refused = frame(client, origin="https://evil.example")
    assert refused.status_code == 403
    assert "frame-ancestors 'none'" in refused["Content-Security-Policy"]
    assert frame(client, origin="").status_code == 403


def test_the_token_becomes_the_frames_own_partitioned_session(client, app):
    answer = client.post(
        f"{reverse('widget_session')}?origin={HOST}", data={"token": token()}, content_type="application/json"
    )

    assert answer.status_code == 200 and answer.json()["signed_in"] is True
    cookie = answer.cookies["tandem_widget"].OutputString()
    for attribute in ("Secure", "SameSite=None", "Partitioned", "HttpOnly"):
        assert attribute in cookie
    assert "sessionid" not in answer.cookies
    page = frame(client).content.decode()
    assert "Signed in as Anna Schmidt" in page
    # The frame's session is the frame's: the site itself does not know the customer.
    assert client.get(reverse("edit_profile")).status_code == 302


def test_the_csrf_cookie_of_the_frame_is_partitioned_too(client, app):
    page = frame(client)
    assert "Partitioned" in page.cookies["csrftoken"].OutputString()


@pytest.mark.parametrize("bad", ["", "garbage", "expired", "replayed"])
def test_a_bad_token_signs_nobody_in(client, app, bad):
    given = {"": "", "garbage": "garbage", "expired": token(exp=1), "replayed": token()}[bad]
    if bad == "replayed":
        client.post(
            f"{reverse('widget_session')}?origin={HOST}", data={"token": given}, content_type="application/json"
        )
        client.cookies.clear()
    answer = client.post(
        f"{reverse('widget_session')}?origin={HOST}", data={"token": given}, content_type="application/json"
    )
    assert answer.status_code == 401
    assert answer.json()["code"] in {"malformed", "expired", "replayed"}
    assert "tandem_widget" not in answer.cookies


def test_the_token_exchange_is_refused_for_an_unlisted_site(client, app):
    answer = client.post(
        f"{reverse('widget_session')}?origin=https://evil.example",
        data={"token": token()},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert not User.objects.exists()


def test_the_customer_shares_an_idea_without_a_sign_in_form(board, app):
    client = signed_in_frame(app)

    shared = client.post(
        f"{reverse('widget_share')}?origin={HOST}", {"title": "Bulk edit for invoices", "body": "Saves us hours."}
    )

    idea = Idea.objects.get(title="Bulk edit for invoices")
    assert idea.author.external_id == "crm-1001" and idea.is_published
    assert shared.status_code == 302 and f"created={idea.pk}" in shared["Location"]
    mine = client.get(shared["Location"]).content.decode()
    assert "“Bulk edit for invoices” is shared" in mine
    assert f'data-created-id="{idea.pk}"' in mine


def test_an_empty_title_is_answered_on_the_form(board, app):
    client = signed_in_frame(app)
    answer = client.post(f"{reverse('widget_share')}?origin={HOST}", {"title": "", "body": ""})
    assert answer.status_code == 422
    assert 'aria-invalid="true"' in answer.content.decode()
    assert not Idea.objects.exists()


def test_the_customer_votes_for_a_similar_idea_instead(board, app):
    from search import interface

    idea = IdeaFactory(title="Dark mode for the dashboard")
    interface.rebuild(["idea"])
    client = signed_in_frame(app)

    similar = client.get(reverse("widget_similar"), {"origin": HOST, "title": "dark mode"}).content.decode()
    assert "Dark mode for the dashboard" in similar
    client.post(f"{reverse('widget_vote', args=[idea.pk])}?origin={HOST}", {"vote": "cast"})

    assert Vote.objects.filter(idea=idea, member__external_id="crm-1001").exists()
    client.post(f"{reverse('widget_vote', args=[idea.pk])}?origin={HOST}", {"vote": "withdraw"})
    assert not Vote.objects.filter(idea=idea).exists()


def test_signed_out_the_frame_offers_a_sign_in_not_the_idea_form(client, board, app):
    page = frame(client).content.decode()
    assert 'name="title"' not in page
    assert 'name="password"' in page
    client.post(f"{reverse('widget_share')}?origin={HOST}", {"title": "Sneaky"})
    assert not Idea.objects.exists()


def test_open_the_full_community_signs_in_on_the_site_once(board, app):
    client = signed_in_frame(app)
    page = frame(client).content.decode()
    link = re.search(r'href="(/continue/[^"]+)"', page).group(1)

    site = Client()
    assert site.get(link).status_code == 302
    assert site.get(reverse("edit_profile")).status_code == 200
    again = Client()
    again.get(link)
    assert again.get(reverse("edit_profile")).status_code == 302


def test_roadmap_and_news(client, board, app):
    page = frame(client, "widget_news").content.decode()
    assert "Roadmap and news" in page


def test_make_runs_pretend_company_signs_tokens_the_community_accepts(settings):
    from widget.management.commands import widget_demo_host as demo

    settings.BASE_URL = "http://127.0.0.1:8000"
    app = demo.demo_app(8001)
    assert app.origins == ["http://127.0.0.1:8001", "http://localhost:8001"]
    assert demo.demo_app(8001).pk == app.pk  # run again: the same app, the same secret

    from community.identity import services as identity

    found = identity.identify(demo.demo_token(app))
    assert found.member.email == "ada.customer@acme.example"


def test_sign_ins_through_the_frame_are_rate_limited(client, app, settings):
    settings.WRITE_RATE_LIMIT = "2/m"
    url = f"{reverse('widget_session')}?origin={HOST}"
    answers = [client.post(url, data={"token": "garbage"}, content_type="application/json") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [401, 401, 429]


@pytest.mark.parametrize("name", ["widget_share", "widget_mine", "widget_news"])
def test_the_frames_pages_cost_the_same_queries_however_many_ideas(board, app, name, django_assert_max_num_queries):
    from community.models import User as Member

    client = signed_in_frame(app)
    member = Member.objects.get(external_id="crm-1001")

    def grow(count):
        for _ in range(count):
            Vote.objects.create(idea=IdeaFactory(author=member), member=member)

    grow(3)
    with django_assert_max_num_queries(30) as few:
        frame(client, name)
    grow(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        frame(client, name)


def test_a_member_signs_in_inside_the_frame_with_their_password(client, board, app):
    from tests.factories import PASSWORD, MemberFactory

    MemberFactory(email="grace@example.org", display_name="Grace")
    wrong = client.post(f"{reverse('widget_sign_in')}?origin={HOST}", {"email": "grace@example.org", "password": "x"})
    assert wrong.status_code == 422
    assert "not right" in wrong.content.decode()

    right = client.post(
        f"{reverse('widget_sign_in')}?origin={HOST}", {"email": "grace@example.org", "password": PASSWORD}
    )
    assert right.status_code == 302
    assert "Signed in as Grace" in frame(client).content.decode()
    assert "Partitioned" in right.cookies["tandem_widget"].OutputString()


def test_accounts_with_a_second_factor_and_staff_sign_in_on_the_full_site(client, board, app):
    from allauth.mfa.models import Authenticator

    from tests.factories import PASSWORD, MemberFactory, StaffFactory

    careful = MemberFactory(email="careful@example.org")
    Authenticator.objects.create(user=careful, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    StaffFactory(email="team@example.org")
    for email in ("careful@example.org", "team@example.org"):
        answer = client.post(f"{reverse('widget_sign_in')}?origin={HOST}", {"email": email, "password": PASSWORD})
        assert answer.status_code == 422
        assert "second factor" in answer.content.decode()
    assert "Signed in as" not in frame(client).content.decode()
