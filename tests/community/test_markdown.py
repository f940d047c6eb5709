from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from community.markdown import render_markdown


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict]]:
    """The real elements of an HTML fragment (escaped text is not an element)."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<svg onload="alert(1)"></svg>',
        "![x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_no_script_handler_or_javascript_url_survives(evil):
    elements = parse(render_markdown(evil))

    assert {tag for tag, _ in elements} <= {"p", "a"}
    for _tag, attributes in elements:
        assert not [name for name in attributes if name.startswith("on")]
        assert not [
            value
            for value in attributes.values()
            if value and value.strip().lower().startswith(("javascript:", "data:"))
        ]


def test_it_renders_the_markdown_members_expect():
    html = render_markdown("# Title\n\n**bold** _it_ ~~gone~~\n\n- a\n- b\n\n`code` https://example.org")

    assert "<h3>Title</h3>" in html
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html and "<s>gone</s>" in html
    assert "<li>a</li>" in html
    assert "<code>code</code>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener noreferrer">https://example.org</a>' in html


def test_the_template_filter_escapes_nothing_twice_and_nothing_dangerous():
    rendered = Template("{% load markdown %}{{ text|markdown }}").render(Context({"text": "5 < 6 & <b>x</b>"}))

    assert rendered == "<p>5 &lt; 6 &amp; &lt;b&gt;x&lt;/b&gt;</p>\n"
