"""The widget on the company's own page (another origin, another site): the customer,
new to Tandem, is signed in by the company's token, votes for a similar idea and shares
their own without ever seeing a sign-in form; the same with third-party cookies blocked."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from community.models import Segment, User
from ideas import services
from ideas.models import Idea, Vote
from search import interface
from tests.factories import MemberFactory
from tests.factories.identity import AUDIENCE, connected_app, token

pytestmark = [pytest.mark.e2e]

HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Acme Cloud</title></head>
<body><main><h1>Acme Cloud</h1><button id="feedback" type="button">Give feedback</button></main>
<script src="{tandem}/widget.js"></script>
<script>
  window.created = [];
  window.addEventListener("tandem:idea-created", (event) => window.created.push(event.detail));
  Tandem("init", {{ selector: "#feedback", token: () => fetch("/token").then((r) => r.text()) }});
</script></body></html>"""


def serve_company_site(live_server):
    """The company's app on 127.0.0.1 (Tandem's live server is on localhost: another
    site), handing out a fresh token for its signed-in customer on /token."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/token":
                body = token(segment="Enterprise", aud=AUDIENCE).encode()
                kind = "text/plain"
            else:
                body = HOST_PAGE.format(tandem=live_server.url).encode()
                kind = "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def company_site(live_server):
    server = serve_company_site(live_server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def widget_world(board, company_site):
    Segment.objects.create(name="Enterprise")
    connected_app(embed_origins=company_site)
    author = MemberFactory(display_name="Grace")
    services.submit_idea(author, title="Bulk editing of invoices")
    interface.rebuild(["idea"])
    return company_site


def share_and_vote(page, company_site, live_server):
    page.goto(company_site)
    opener = page.get_by_role("button", name="Give feedback")
    opener.click()
    dialog = page.get_by_role("dialog", name="Feedback")
    expect(dialog).to_be_visible()
    frame = page.frame_locator("iframe[title='Feedback']")
    expect(frame.get_by_text("Signed in as Anna Schmidt")).to_be_visible()

    frame.get_by_label("What would make it better for you?").fill("Bulk edit invoices")
    frame.get_by_role("button", name="Vote Bulk editing of invoices").click()
    expect(frame.get_by_role("heading", name="My ideas")).to_be_visible()
    assert Vote.objects.filter(idea__title="Bulk editing of invoices", member__external_id="crm-1001").exists()

    frame.get_by_role("navigation", name="Feedback").get_by_role("link", name="Share an idea").click()
    frame.get_by_label("What would make it better for you?").fill("Export invoices to DATEV")
    frame.get_by_label("Tell us more (optional)").fill("Our accountant asks every month.")
    frame.get_by_role("button", name="Share the idea").click()
    expect(frame.get_by_text("“Export invoices to DATEV” is shared")).to_be_visible()
    page.wait_for_function("window.created.length === 1")
    assert page.evaluate("window.created[0].title") == "Export invoices to DATEV"
    expect(frame.get_by_text("Sign in", exact=True)).to_have_count(0)

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    return frame


def test_a_new_customer_shares_and_votes_from_the_companys_app(page, live_server, widget_world, assert_accessible):
    share_and_vote(page, widget_world, live_server)

    idea = Idea.objects.get(title="Export invoices to DATEV")
    assert idea.author.display_name == "Anna Schmidt"
    assert idea.author.segment.name == "Enterprise"
    page.goto(f"{live_server.url}/ideas/{idea.pk}-{idea.slug}/")
    expect(page.get_by_text("Anna Schmidt").first).to_be_visible()

    # axe inside the widget: the frame's own page, signed in the same way.
    page.goto(f"{live_server.url}/widget/?origin={widget_world}")
    page.evaluate(
        """async ([url, token, csrf]) => {
            await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
                              body: JSON.stringify({token})});
        }""",
        [
            f"/widget/session/?origin={widget_world}",
            token(jti="axe-check", email="axe@customer.example", sub="crm-axe"),
            page.locator("body").get_attribute("data-csrf"),
        ],
    )
    for tab in ("", "mine/", "news/"):
        page.goto(f"{live_server.url}/widget/{tab}?origin={widget_world}")
        expect(page.get_by_text("Signed in as Anna Schmidt")).to_be_visible()
        assert_accessible(page)


def test_the_same_with_third_party_cookies_blocked(browser_type, browser_type_launch_args, live_server, widget_world):
    args = [*browser_type_launch_args.get("args", []), "--test-third-party-cookie-phaseout"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = browser.new_page()
        page.goto(widget_world)
        page.get_by_role("button", name="Give feedback").click()
        frame = page.frame_locator("iframe[title='Feedback']")
        expect(frame.get_by_text("Signed in as Anna Schmidt")).to_be_visible()
        # A plain cross-site cookie is refused in this browser: the session lives only because it is partitioned.
        blocked = page.frames[1].evaluate(
            "() => { document.cookie = 'probe=1; SameSite=None; Secure'; return document.cookie.includes('probe'); }"
        )
        assert blocked is False
        page.close()
        share_and_vote(browser.new_page(), widget_world, live_server)
    finally:
        browser.close()


def test_a_site_no_connected_app_lists_cannot_show_the_widget(page, live_server, widget_world):
    stranger = serve_company_site(live_server)  # the same page, on an origin nobody listed
    try:
        refused = []
        page.on("response", lambda answer: refused.append(answer.status) if "/widget/" in answer.url else None)
        page.goto(f"http://127.0.0.1:{stranger.server_address[1]}")
        page.get_by_role("button", name="Give feedback").click()
        page.wait_for_timeout(1500)
        assert refused and set(refused) == {403}
        assert not User.objects.filter(external_id="crm-1001").exists()
    finally:
        stranger.shutdown()
