"""Markdown is rendered when it is written, and every way of writing it keeps the HTML current."""

import io

import pytest
from django.core.management import call_command

from community.markdown import RenderedMarkdownField, render_markdown, rendered_columns
from community.moderation import services as moderation
from community.privacy import services as privacy
from ideas import services
from ideas.models import Comment, Idea, Status, StatusChange
from reviews import services as reviews
from reviews.models import Review
from tests.factories import IdeaFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_saving_renders_the_html_and_the_cards_first_line():
    idea = IdeaFactory(body="**Bold** start\n\nsecond <script>alert(1)</script>")

    stored = Idea.objects.get(pk=idea.pk)
    assert stored.body_html == render_markdown(stored.body)
    assert "<strong>Bold</strong>" in stored.body_html and "<script>" not in stored.body_html
    assert stored.excerpt == "Bold start"
    assert hasattr(stored.body_html, "__html__")  # safe to place in a template as it is


def test_bulk_created_rows_are_rendered_too():
    author = MemberFactory()
    Idea.objects.bulk_create(
        [
            Idea(title=f"Bulk {n}", body=f"_number_ {n}", author=author, status=Status.objects.default())
            for n in range(3)
        ]
    )
    assert [idea.body_html for idea in Idea.objects.order_by("pk")] == [
        f"<p><em>number</em> {n}</p>\n" for n in range(3)
    ]


def test_the_services_updates_render_what_they_write(member):
    idea = services.submit_idea(member, title="Export", body="first")
    services.edit_idea(member, idea, title="Export", body="*second*")
    assert Idea.objects.get(pk=idea.pk).body_html == "<p><em>second</em></p>\n"
    assert Idea.objects.get(pk=idea.pk).excerpt == "second"

    comment = services.add_comment(member, idea, "a [link](https://example.com)")
    assert 'href="https://example.com"' in Comment.objects.get(pk=comment.pk).body_html
    services.edit_comment(member, comment, "plain now")
    assert Comment.objects.get(pk=comment.pk).body_html == "<p>plain now</p>\n"


def test_a_moderators_edit_and_an_edited_review_are_rendered(member, staff, product):
    review = reviews.submit_review(member, product, rating=4, title="Fine", body="Call me on 0170 1234567").review
    moderation.edit_content(review, staff, {"body": "Call me (number **removed**)"}, "Personal data.")
    assert "<strong>removed</strong>" in Review.objects.get(pk=review.pk).body_html

    reviews.submit_review(review.author, product, rating=3, title="Again", body="# Heading")
    assert Review.objects.get(pk=review.pk).body_html == "<h3>Heading</h3>\n"


def test_erased_content_leaves_no_html_behind(member, staff):
    idea = services.submit_idea(member, title="Mine", body="My *own* words")
    services.add_comment(member, idea, "My comment")
    privacy.delete_account(member, by=member, confirm_email=member.email, remove_content=True)

    erased = Idea.objects.get(pk=idea.pk)
    assert (erased.body, erased.body_html, erased.excerpt) == ("", "", "")
    assert list(Comment.objects.filter(idea=idea).values_list("body_html", flat=True)) == [""]


def test_rendered_columns_adds_only_what_the_update_writes():
    assert rendered_columns(StatusChange, message="**done**") == {
        "message": "**done**",
        "message_html": "<p><strong>done</strong></p>\n",
    }
    assert rendered_columns(StatusChange, created_at=None) == {"created_at": None}


def test_the_command_renders_again_only_what_differs(member):
    ideas = [IdeaFactory(body=f"Body {n}") for n in range(3)]
    Idea.objects.filter(pk=ideas[0].pk).update(body_html="<p>stale</p>", excerpt="stale")
    out = io.StringIO()

    call_command("render_markdown", stdout=out)

    assert "ideas.Idea: 1 rendered again" in out.getvalue()
    assert Idea.objects.get(pk=ideas[0].pk).body_html == "<p>Body 0</p>\n"
    assert Idea.objects.get(pk=ideas[0].pk).excerpt == "Body 0"
    call_command("render_markdown", stdout=(again := io.StringIO()))
    assert "ideas.Idea: 0 rendered again" in again.getvalue()


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        RenderedMarkdownField(kind="pdf")
