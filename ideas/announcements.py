"""Closing the loop: members hear about status changes, official answers and replies,
each under the topic whose channel they chose."""

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community.follows import followers_of
from community.models import User
from community.notifications.services import Message, notify
from community.notifications.topics import ACCOUNT
from ideas import shipped
from ideas.models import Capture, Comment, IdeaBoardPage, ShippedFeedback, StatusChange, Vote
from ideas.topics import CAPTURED, IDEA_STATUS, MENTIONS, OFFICIAL_ANSWERS, REPLIES
from ideas.workflow import Stage
from reviews.topics import PRODUCT_NEWS


def announce_status_change(change_id: int) -> int:
    """Tells every follower (but the one who made the change) the idea's new status;
    when it shipped, each voter hears it personally and is asked whether it solved
    their problem, and owners and followers of its product hear it as product news."""
    change = StatusChange.objects.select_related("idea__product", "to_status").get(pk=change_id)
    idea = change.idea
    path = IdeaBoardPage.idea_url_outside(idea)

    def render(member) -> Message:
        title = _("“%(idea)s” is now %(status)s") % {"idea": idea.title, "status": change.to_status.label}
        return Message(title=title, body=change.message, url=path)

    followers = followers_of(idea).exclude(pk=change.changed_by_id)
    created = 0
    if change.to_status.stage == Stage.DONE:
        created += _announce_to_voters(change)
        followers = followers.exclude(pk__in=Vote.objects.filter(idea=idea).values("member_id"))
    created += notify(followers, topic=IDEA_STATUS, event_key=f"idea-status:{change.pk}", render=render)
    if change.to_status.stage == Stage.DONE and idea.product_id:
        created += _announce_shipped(change, path)
    return created


def _announce_to_voters(change: StatusChange) -> int:
    """ "You asked for this on …; it is here", with the one-click question."""
    idea = change.idea
    voted_on = dict(Vote.objects.filter(idea=idea).values_list("member_id", "created_at"))

    def render(member) -> Message:
        date = formats.date_format(timezone.localtime(voted_on[member.pk]), "DATE_FORMAT")
        title = _("You asked for “%(idea)s” on %(date)s: it is here") % {"idea": idea.title, "date": date}
        answers = " · ".join(
            f"[{label}]({shipped.url(member, idea, value)})" for value, label in ShippedFeedback.Answer.choices
        )
        question = _("Did this solve it for you? %(answers)s") % {"answers": answers}
        body = f"{change.message}\n\n{question}" if change.message else question
        return Message(title=title, body=body, url=shipped.path(member, idea))

    voters = User.objects.filter(pk__in=voted_on, is_active=True).exclude(pk=change.changed_by_id)
    return notify(voters, topic=IDEA_STATUS, event_key=f"idea-shipped-voter:{change.pk}", render=render)


def _announce_shipped(change: StatusChange, path: str) -> int:
    product = change.idea.product

    def render(member) -> Message:
        title = _("New in %(product)s: %(idea)s") % {"product": product.title, "idea": change.idea.title}
        return Message(title=title, body=change.message, url=path)

    product_followers = followers_of(product).values("pk")
    recipients = (
        User.objects.filter(Q(pk__in=product_followers) | Q(owned_products__product=product), is_active=True)
        .exclude(pk__in=followers_of(change.idea).values("pk"))  # they heard it as a status change
        .exclude(pk=change.changed_by_id)
        .distinct()
    )
    return notify(recipients, topic=PRODUCT_NEWS, event_key=f"idea-shipped:{change.pk}", render=render)


def announce_merge(change_id: int) -> int:
    """Tells the duplicate's author where their idea lives on: its votes and followers
    moved there, and its text is shown on the survivor's page."""
    change = StatusChange.objects.select_related("idea__merged_into", "idea__author").get(pk=change_id)
    duplicate, survivor = change.idea, change.idea.merged_into
    path = f"{IdeaBoardPage.idea_url_outside(survivor)}#merged-{duplicate.pk}"

    def render(member) -> Message:
        title = _("Your idea “%(idea)s” was merged into “%(survivor)s”") % {
            "idea": duplicate.title,
            "survivor": survivor.title,
        }
        body = _("Its votes and followers count there now, and your words are shown with it.")
        return Message(title=title, body=f"{change.message}\n\n{body}" if change.message else body, url=path)

    author = User.objects.filter(pk=duplicate.author_id, is_active=True).exclude(pk=change.changed_by_id)
    return notify(author, topic=ACCOUNT, event_key=f"idea-merged:{change.pk}", render=render)


def announce_official_answer(comment_id: int) -> int:
    """Tells every follower (but the one who answered) that the company answered; for
    the idea's author it is an answer to their own post."""
    comment = Comment.objects.select_related("idea").get(pk=comment_id)
    idea = comment.idea
    path = f"{IdeaBoardPage.idea_url_outside(idea)}#comment-{comment.pk}"

    def render(member) -> Message:
        return Message(title=_("Official answer on “%(idea)s”") % {"idea": idea.title}, body=comment.body, url=path)

    key = f"idea-answer:{comment.pk}"
    followers = followers_of(idea).exclude(pk=comment.author_id)
    created = notify(followers.filter(pk=idea.author_id), topic=REPLIES, event_key=key, render=render)
    created += notify(followers.exclude(pk=idea.author_id), topic=OFFICIAL_ANSWERS, event_key=key, render=render)
    return created + announce_mentions(comment.pk, told=followers.values("pk"))


def announce_comment(comment_id: int) -> int:
    """Tells the idea's author about a published comment, and a comment's author about a
    reply to it (never the one who wrote it)."""
    comment = Comment.objects.select_related("idea", "author", "parent").get(pk=comment_id)
    if not comment.is_published or comment.is_official:
        return 0
    idea = comment.idea
    path = f"{IdeaBoardPage.idea_url_outside(idea)}#comment-{comment.pk}"
    replied_to = comment.parent.author_id if comment.parent_id else None

    def render(member) -> Message:
        names = {"name": comment.author.public_name, "idea": idea.title}
        if member.pk == replied_to:
            title = _("%(name)s replied to your comment on “%(idea)s”") % names
        else:
            title = _("%(name)s commented on your idea “%(idea)s”") % names
        return Message(title=title, body=comment.body, url=path)

    told = [pk for pk in (idea.author_id, replied_to) if pk]
    recipients = User.objects.filter(pk__in=told).exclude(pk=comment.author_id)
    created = notify(recipients, topic=REPLIES, event_key=f"comment:{comment.pk}", render=render)
    return created + announce_mentions(comment.pk, told=told)


def announce_mentions(comment_id: int, told=()) -> int:
    """Tells each member a published comment names with "@" (once per comment, under
    their own topic), unless they wrote it or just heard of it another way (`told`)."""
    comment = Comment.objects.select_related("idea", "author").get(pk=comment_id)
    if not comment.is_published:
        return 0
    idea = comment.idea
    path = f"{IdeaBoardPage.idea_url_outside(idea)}#comment-{comment.pk}"

    def render(member) -> Message:
        title = _("%(name)s mentioned you on “%(idea)s”") % {"name": comment.author.public_name, "idea": idea.title}
        return Message(title=title, body=comment.body, url=path)

    named = comment.mentions.filter(is_active=True).exclude(pk=comment.author_id).exclude(pk__in=told)
    return notify(named, topic=MENTIONS, event_key=f"mention:{comment.pk}", render=render)


def announce_capture(capture_id: int) -> int:
    """Tells the customer what the team recorded for them, by whom and from where, and
    how to take a vote back: nothing is said in their name without them hearing of it."""
    capture = Capture.objects.select_related("idea", "customer", "captured_by", "comment").get(pk=capture_id)
    idea = capture.idea
    url = IdeaBoardPage.idea_url_outside(idea)
    if capture.comment_id:
        url = f"{url}#comment-{capture.comment_id}"
    by = capture.captured_by.public_name if capture.captured_by else _("The team")

    def render(member) -> Message:
        names = {"name": by, "idea": idea.title, "source": capture.get_source_display().lower()}
        if capture.kind == Capture.Kind.VOTE:
            title = _("%(name)s added your vote for “%(idea)s”") % names
            note = _("Heard in: %(source)s. Not what you meant? Withdraw the vote on the idea's page.") % names
        elif capture.kind == Capture.Kind.IDEA:
            title = _("%(name)s shared your idea “%(idea)s”") % names
            note = _("Heard in: %(source)s. You follow it now and hear what becomes of it.") % names
        else:
            title = _("%(name)s added your comment on “%(idea)s”") % names
            note = _("Heard in: %(source)s.") % names
        quoted = "\n".join(f"> {line}" for line in capture.quote.splitlines())
        body = f"{quoted}\n\n{note}" if quoted else note
        return Message(title=title, body=body, url=url)

    return notify([capture.customer], topic=CAPTURED, event_key=f"capture:{capture.pk}", render=render)
