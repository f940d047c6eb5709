"""Conversations on an idea: replies that thread, @mentions that reach the named
member, reactions counted exactly, edits within a window shown as edited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.errors import InvalidInput, NotAllowed
from community.models import ModerationPolicy, Notification
from ideas import mentions, services
from ideas.models import Comment, CommentReaction
from tests.factories import IdeaFactory, MemberFactory, StaffFactory
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db


def url(idea, action=""):
    return f"/ideas/{idea.pk}/{action}/" if action else f"/ideas/{idea.pk}-{idea.slug}/"


# --- mentions -----------------------------------------------------------------------------


def test_a_mention_names_people_of_the_conversation_and_staff_longest_name_first():
    ada, short = MemberFactory(display_name="Ada Lovelace"), MemberFactory(display_name="Ada")
    idea = IdeaFactory(author=ada)
    services.add_comment(short, idea, "I agree.")
    team, stranger = StaffFactory(display_name="Grace Team"), MemberFactory(display_name="Stranger Danger")

    named = mentions.named_in("Thanks @ada lovelace and @Grace Team; @Stranger Danger, email@Ada.example", idea)

    assert {person.pk for person in named} == {ada.pk, team.pk}
    assert stranger.pk not in {person.pk for person in named}


def test_suggestions_match_the_start_of_a_name_or_of_one_of_its_words(member):
    ada = MemberFactory(display_name="Ada Lovelace")
    idea = IdeaFactory(author=ada)
    charles = MemberFactory(display_name="Charles Babbage")
    services.add_comment(charles, idea, "Engines!")

    assert [p["name"] for p in mentions.suggestions(idea, "love", member)] == ["Ada Lovelace"]
    assert [p["name"] for p in mentions.suggestions(idea, "ch", member)] == ["Charles Babbage"]
    assert mentions.suggestions(idea, "", ada) == [{"id": charles.pk, "name": "Charles Babbage"}]


def test_a_mentioned_member_is_told_once_on_their_own_topic(django_capture_on_commit_callbacks):
    ada, writer = MemberFactory(display_name="Ada Lovelace"), MemberFactory(display_name="Bo")
    idea = IdeaFactory(author=MemberFactory())
    services.add_comment(ada, idea, "First.")

    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(writer, idea, "What do you think, @Ada Lovelace?")
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_comment(writer, comment, "What do you think now, @Ada Lovelace?")

    told = Notification.objects.filter(recipient=ada, topic="mentions")
    assert [n.title for n in told] == [f"Bo mentioned you on “{idea.title}”"]
    assert told.get().url.endswith(f"#comment-{comment.pk}")


def test_the_ideas_author_hears_a_mention_once_as_a_comment_on_their_idea(django_capture_on_commit_callbacks):
    author = MemberFactory(display_name="Ada Lovelace")
    idea = IdeaFactory(author=author)

    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(MemberFactory(), idea, "@Ada Lovelace, is this it?")

    assert list(Notification.objects.filter(recipient=author).values_list("topic", flat=True)) == ["replies"]


def test_a_held_comment_names_nobody_until_a_moderator_publishes_it(staff, django_capture_on_commit_callbacks):
    from community.moderation import services as moderation

    ada = MemberFactory(display_name="Ada Lovelace")
    idea = IdeaFactory(author=ada)
    ModerationPolicy.objects.update_or_create(defaults={"pre_moderation": True})
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(MemberFactory(), idea, "Hello @Ada Lovelace")
    assert not Notification.objects.filter(recipient=ada).exists()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment, "published", staff)

    assert Notification.objects.filter(recipient=ada).count() == 1


def test_mentions_link_to_profiles_but_never_inside_code_or_links(client, board):
    ada = MemberFactory(display_name="Ada Lovelace")
    idea = IdeaFactory(author=ada)
    services.add_comment(
        MemberFactory(), idea, "Ask @Ada Lovelace. Not `@Ada Lovelace` nor [@Ada Lovelace](https://x.example/)."
    )

    body = client.get(url(idea)).content.decode()

    assert body.count(f'<a class="mention" href="/members/{ada.pk}/">@Ada Lovelace</a>') == 1
    assert "<code>@Ada Lovelace</code>" in body


def test_a_name_cannot_smuggle_markup_into_a_mention(client, board):
    sneaky = MemberFactory(display_name='<b onclick="x">Eve</b>')
    idea = IdeaFactory(author=sneaky)
    services.add_comment(MemberFactory(), idea, 'Hi @<b onclick="x">Eve</b>')

    body = client.get(url(idea)).content.decode()

    assert "<b onclick" not in body  # shown as text, never as markup


def test_the_autocomplete_answers_members_only(client, board, member):
    idea = IdeaFactory(author=MemberFactory(display_name="Ada Lovelace"))

    signed_out = client.get(url(idea, "mentionable"), {"q": "Ada"})
    client.force_login(member)
    signed_in = client.get(url(idea, "mentionable"), {"q": "Ada"})

    assert signed_out.status_code == 403
    assert [person["name"] for person in signed_in.json()["people"]] == ["Ada Lovelace"]


# --- replies --------------------------------------------------------------------------------


def test_a_reply_threads_under_its_comment_and_a_reply_to_a_reply_stays_one_level(client, board, member):
    idea = IdeaFactory()
    top = services.add_comment(MemberFactory(display_name="Ada Lovelace"), idea, "Top.")
    client.force_login(member)

    client.post(url(idea, "comment"), {"body": "First reply", "parent": top.pk, "form_id": f"reply-{top.pk}"})
    first = Comment.objects.get(body="First reply")
    client.post(url(idea, "comment"), {"body": "Second reply", "parent": first.pk})
    body = client.get(url(idea)).content.decode()

    assert Comment.objects.get(body="Second reply").parent == top
    thread = body.split(f'id="comment-{top.pk}"', 1)[1].split('<h2 id="', 1)[0]
    assert "First reply" in thread and "Second reply" in thread
    assert f'<label for="reply-{top.pk}">Your reply to Ada Lovelace</label>' in body


def test_an_empty_reply_shows_its_error_in_its_own_form(client, board, member):
    idea = IdeaFactory()
    top = services.add_comment(MemberFactory(), idea, "Top.")
    client.force_login(member)

    response = client.post(url(idea, "comment"), {"body": " ", "parent": top.pk, "form_id": f"reply-{top.pk}"})

    body = response.content.decode()
    assert response.status_code == 422
    reply_form = body.split(f'<input type="hidden" name="form_id" value="reply-{top.pk}">', 1)[1].split("</form>")[0]
    assert "This field is required." in reply_form
    assert 'aria-invalid="true"' in reply_form


# --- edits ----------------------------------------------------------------------------------


def test_the_author_edits_within_the_window_and_it_shows_as_edited(client, board, member):
    idea = IdeaFactory()
    comment = services.add_comment(member, idea, "Teh typo.")
    client.force_login(member)

    response = client.post(url(idea, f"comments/{comment.pk}/edit"), {"body": "The typo, fixed."}, follow=True)

    comment.refresh_from_db()
    assert (comment.body, comment.edited_at is not None) == ("The typo, fixed.", True)
    assert "Your comment is updated." in response.content.decode()
    assert '<span class="comment__edited"' in response.content.decode()


def test_edits_are_refused_after_the_window_and_for_anyone_else(member):
    comment = services.add_comment(member, IdeaFactory(), "Words.")
    with pytest.raises(NotAllowed):
        services.edit_comment(MemberFactory(), comment, "Not mine.")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - Comment.EDIT_WINDOW - timedelta(seconds=1))
    comment.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.edit_comment(member, comment, "Too late.")
    assert Comment.objects.get(pk=comment.pk).body == "Words."


def test_a_bad_edit_keeps_the_words_and_shows_the_error_beside_them(client, board, member):
    idea = IdeaFactory()
    comment = services.add_comment(member, idea, "Words.")
    client.force_login(member)

    response = client.post(url(idea, f"comments/{comment.pk}/edit"), {"body": "x" * 5_001})

    assert response.status_code == 422
    assert f'id="edit-{comment.pk}-errors"' in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).body == "Words."


def test_an_edit_that_brings_in_blocked_words_is_held_and_uncounted(member):
    idea = IdeaFactory()
    comment = services.add_comment(member, idea, "Nice idea.")
    ModerationPolicy.objects.update_or_create(defaults={"blocked_patterns": "casino"})

    services.edit_comment(member, comment, "Visit my casino.")

    comment.refresh_from_db()
    idea.refresh_from_db()
    assert (comment.moderation_state, idea.comment_count) == ("pending", 0)


# --- reactions ------------------------------------------------------------------------------


def test_a_reaction_toggles_and_counts_each_kind_once_per_member(member):
    comment = services.add_comment(MemberFactory(), IdeaFactory(), "Good point.")

    assert services.react(member, comment, "agree") is True
    assert services.react(MemberFactory(), comment, "agree") is True
    assert services.react(member, comment, "love") is True
    assert services.react(member, comment, "agree") is False

    assert sorted(CommentReaction.objects.values_list("kind", flat=True)) == ["agree", "love"]


def test_bad_reactions_are_refused(member):
    comment = services.add_comment(member, IdeaFactory(), "Mine.")
    with pytest.raises(NotAllowed):
        services.react(member, comment, "agree")  # one's own comment
    with pytest.raises(InvalidInput):
        services.react(MemberFactory(), comment, "angry")
    assert not CommentReaction.objects.exists()


def test_reactions_from_the_page_with_htmx_and_without(client, board, member):
    idea = IdeaFactory()
    comment = services.add_comment(MemberFactory(), idea, "Good point.")
    client.force_login(member)

    fragment = client.post(url(idea, f"comments/{comment.pk}/react"), {"kind": "hooray"}, HTTP_HX_REQUEST="true")
    plain = client.post(url(idea, f"comments/{comment.pk}/react"), {"kind": "agree"}, follow=True)
    bad = client.post(url(idea, f"comments/{comment.pk}/react"), {"kind": "nope"}, HTTP_HX_REQUEST="true")

    assert 'aria-pressed="true" aria-label="Hooray: 1 reaction"' in fragment.content.decode()
    assert 'aria-label="Agree: 1 reaction"' in plain.content.decode()
    assert bad.status_code == 422 and "Choose one of the offered reactions." in bad.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reactions_stay_exact_when_many_press_at_once():
    comment = services.add_comment(MemberFactory(), IdeaFactory(), "Popular.")
    members = MemberFactory.create_batch(8)

    errors = run_at_once(lambda person: services.react(person, comment, "agree"), members)

    assert errors == []
    assert CommentReaction.objects.filter(comment=comment, kind="agree").count() == 8


def test_the_page_needs_the_same_queries_however_many_reactions_and_mentions(
    client, board, member, django_assert_max_num_queries
):
    idea = IdeaFactory()
    people = MemberFactory.create_batch(3)
    for person in people:
        comment = services.add_comment(person, idea, f"@{people[0].display_name} hi")
        services.react(member, comment, "agree")
    client.force_login(member)
    client.get(url(idea))

    with django_assert_max_num_queries(40) as few:
        client.get(url(idea))
    for person in MemberFactory.create_batch(6):
        comment = services.add_comment(person, idea, f"@{people[0].display_name} more")
        services.react(member, comment, "love")
    assert len(few.captured_queries) > 5  # the page was measured, not served from a cache
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(idea))


def test_the_markdown_preview_renders_as_the_page_would(client, member):
    client.force_login(member)

    shown = client.post("/markdown/preview/", {"text": "**bold** <script>x</script>"})
    empty = client.post("/markdown/preview/", {"text": "  "})
    long = client.post("/markdown/preview/", {"text": "x" * 10_001})
    client.logout()
    outsider = client.post("/markdown/preview/", {"text": "hi"})

    assert shown.content.decode().startswith("<p><strong>bold</strong>")
    assert "<script>" not in shown.content.decode()
    assert "Nothing to preview yet." in empty.content.decode()
    assert long.status_code == 422
    assert outsider.status_code == 302
