import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_sites_content_security_policy(live_server, page, board):
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )

    page.goto(f"{live_server.url}/api/v1/docs")

    page.get_by_text("Tandem API").first.wait_for()
    page.locator(".opblock-tag", has_text="ideas").first.wait_for()
    assert refused == []
