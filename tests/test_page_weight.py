"""Public pages stay light: at most 40 KB of CSS and 70 KB of JavaScript, gzipped, on
each page, for visitors and for members (who also load the Markdown editor)."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from ideas import services
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db

CSS_BUDGET = 40 * 1024
JS_BUDGET = 70 * 1024


def weight(client, body: str) -> tuple[int, int]:
    """Gzipped bytes of the page's own stylesheets and scripts."""
    sizes = {"css": 0, "js": 0}
    found = re.findall(r'<link rel="stylesheet" href="([^"]+)"', body) + re.findall(r'<script src="([^"]+)"', body)
    for url in found:
        path = url.split("?")[0]
        if path.startswith("/static/"):
            with open(finders.find(path.removeprefix("/static/")), "rb") as file:
                data = file.read()
        else:
            data = client.get(url).content
        sizes["css" if path.endswith(".css") else "js"] += len(gzip.compress(data, compresslevel=9))
    return sizes["css"], sizes["js"]


def test_public_pages_stay_within_the_budget_signed_out_and_in(client, board, changelog):
    idea = IdeaFactory(title="Dark mode")
    services.add_comment(MemberFactory(), idea, "Yes please")
    pages = ["/", "/ideas/", f"/ideas/{idea.pk}-{idea.slug}/", "/changelog/", "/search/?q=dark"]

    for signed_in in (False, True):
        if signed_in:
            client.force_login(MemberFactory())
        for path in pages:
            css, js = weight(client, client.get(path).content.decode())
            assert 0 < css <= CSS_BUDGET, (path, css)
            assert 0 < js <= JS_BUDGET, (path, js)
