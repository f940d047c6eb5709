"""The idea workflows: every page, API endpoint, admin action and task calls these.

Counters on Idea (votes, comments, followers) move with atomic updates in the same
transaction as the row they count; unique constraints are the final guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from community import follows, outbox
from community.changes import changed
from community.markdown import rendered_columns
from community.models import User
from community.moderation import services as moderation
from community.pictures import services as pictures_
from community.profiles import reputation
from community.rules import clean_text, collect_errors, require_customer, require_member
from ideas import demand, mentions, tasks, webhook_events
from ideas.errors import (
    CommentsClosed,
    IdeaMerged,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    VotingClosed,
)
from ideas.models import Comment, CommentReaction, Idea, IdeaTag, Status, StatusChange, Vote, VotingSettings
from ideas.reputation import ANSWER_ACCEPTED, IDEA_PLANNED
from ideas.workflow import Stage, can_move

# "Trending" means votes in the last week: kept live by cast_vote / withdraw_vote, and
# recomputed by refresh_trend_scores() (hourly, Celery beat) as old votes age out.
TREND_WINDOW = timedelta(days=7)
# An idea taken up by the product team earns its author reputation, once.
PLANNED_OR_LATER = (Stage.PLANNED, Stage.IN_PROGRESS, Stage.DONE)


@dataclass(frozen=True)
class VoteResult:
    voted: bool
    vote_count: int
    changed: bool  # whether this call changed anything


def _update_idea(idea_id: int, **columns) -> None:
    """One UPDATE of the idea's row (counters, status) that also marks it active now."""
    Idea.objects.filter(pk=idea_id).update(last_activity_at=timezone.now(), **columns)


def _locked(idea: Idea) -> Idea:
    """The idea's row, locked until the transaction ends (PostgreSQL; SQLite writers queue anyway).
    Only the idea's row: its status row is shared by every idea in that status, and
    locking it too would make all votes on open ideas wait for one another."""
    rows = Idea.objects.select_for_update(of=("self",)).select_related("status")
    try:
        return rows.get(pk=idea.pk)
    except Idea.DoesNotExist:
        # PostgreSQL re-reads a row it waited for, but joins it to the status row it read
        # before the wait: an idea moved meanwhile seems gone. Asked again, it is found
        # (and a deleted idea is still missing).
        return rows.get(pk=idea.pk)


def locked_idea(idea_id: int) -> Idea:
    """_locked() for other apps' transactions that decide on an idea (its issues' states)."""
    return _locked(Idea(pk=idea_id))


def _validated(title: str, body: str, product, tags: Iterable[str]) -> tuple[str, str, list[IdeaTag]]:
    """The idea's fields, cleaned; every field's errors at once, as InvalidInput."""
    title, body, found, _product = collect_errors(
        lambda: clean_text("title", title, Idea.TITLE_MAX, required=True),
        lambda: clean_text("body", body, Idea.BODY_MAX, required=False),
        lambda: _known_tags(tags),
        lambda: _available(product),
    )
    return title, body, found


def _known_tags(tags: Iterable[str]) -> list[IdeaTag]:
    wanted = sorted(set(tags))
    found = list(IdeaTag.objects.filter(slug__in=wanted))
    if unknown := sorted(set(wanted) - {tag.slug for tag in found}):
        raise InvalidInput(tags=[_("Unknown tag: %(tags)s.") % {"tags": ", ".join(unknown)}])
    return found


def _available(product) -> None:
    if product is not None and not product.live:
        raise InvalidInput(product=[_("This product is not available.")])


def submit_idea(
    author: User,
    *,
    title: str,
    body: str = "",
    product=None,
    tags: Iterable[str] = (),
    pictures: Sequence[pictures_.Upload] = (),
    captured: bool = False,
) -> Idea:
    """Posts a new idea in the default status, with its pictures; its author follows it
    and, unless the community chose otherwise (VotingSettings), votes for it. Captured:
    staff record it for the customer (ideas.capture), and it is published as staff's are."""
    (require_customer if captured else require_member)(author)
    (title, body, found), _checked = collect_errors(
        lambda: _validated(title, body, product, tags), lambda: pictures_.check(pictures)
    )
    decision = moderation.Decision() if captured else moderation.decide(author, f"{title}\n{body}")
    with transaction.atomic():
        idea = Idea.objects.create(
            title=title,
            body=body,
            author=author,
            product=product,
            status=Status.objects.default(),
            moderation_state=decision.state,
            moderation_rule=decision.rule,
        )
        idea.tags.set(found)
        pictures_.attach(idea, pictures, author)
        if VotingSettings.load().author_votes:
            _add_vote(idea, author)
        else:
            _follow(author, idea)
        changed(idea)
        if idea.is_published:  # a held idea is sent once a moderator publishes it
            webhook_events.idea_published(idea)
    return idea


def edit_idea(
    member: User,
    idea: Idea,
    *,
    title: str,
    body: str = "",
    product=None,
    tags: Iterable[str] = (),
    pictures: Sequence[pictures_.Upload] = (),
    remove_pictures: Iterable[int] = (),
) -> Idea:
    """The author's own changes, pictures added or taken off included, while
    Idea.can_be_edited_by allows them."""
    require_member(member)
    if not idea.can_be_edited_by(member):
        raise NotAllowed(_("You can no longer edit this idea."))
    remove_pictures = list(remove_pictures)
    kept = pictures_.count_on(idea) - len(remove_pictures)
    (title, body, found), _checked = collect_errors(
        lambda: _validated(title, body, product, tags), lambda: pictures_.check(pictures, already=max(kept, 0))
    )
    with transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(
            **rendered_columns(Idea, title=title, body=body), product=product, updated_at=timezone.now()
        )
        idea.tags.set(found)
        pictures_.remove(idea, remove_pictures)
        pictures_.attach(idea, pictures, member)
        changed(idea)
    idea.refresh_from_db()
    return idea


def cast_vote(member: User, idea: Idea, importance: int | None = None, *, captured: bool = False) -> VoteResult:
    """Adds member's vote (or changes its importance). Casting twice changes nothing."""
    (require_customer if captured else require_member)(member)
    if importance is not None and importance not in Vote.Importance.values:
        raise InvalidInput(importance=[_("Choose nice to have, important or critical.")])
    with transaction.atomic():
        locked = _locked(idea)
        if locked.is_merged:
            raise IdeaMerged(into=locked.merged_into_id)
        if not locked.status.rules.accepts_votes or not locked.is_published:
            raise VotingClosed(status=locked.status.label)
        # Every writer of votes locks the idea's row first, so looking is enough here
        # (and spares PostgreSQL a refused INSERT); the unique constraint stays the guard.
        vote = Vote.objects.filter(idea=locked, member=member).first()
        if vote is not None:
            changed = importance is not None and vote.importance != importance
            if changed:
                Vote.objects.filter(pk=vote.pk).update(importance=importance)
            return VoteResult(voted=True, vote_count=locked.vote_count, changed=changed)
        _add_vote(locked, member, importance)
        webhook_events.votes_counted(locked, locked.vote_count + 1)
    # The row stays locked until commit, so its count plus this vote is the new count.
    return VoteResult(voted=True, vote_count=locked.vote_count + 1, changed=True)


def _add_vote(idea: Idea, member: User, importance: int | None = None) -> None:
    """Call inside a transaction that holds the idea's row (or created it): the vote and
    every counter it moves. Voters follow the idea, to hear what becomes of it."""
    Vote.objects.create(idea=idea, member=member, importance=importance)
    followers = 1 if follows.follow(member, idea) else 0
    _update_idea(
        idea.pk,
        vote_count=F("vote_count") + 1,
        trend_score=F("trend_score") + 1,
        follower_count=F("follower_count") + followers,
        **demand.vote_changes(member.pk, +1),
    )
    demand.move_segment(idea.pk, member, +1)


def withdraw_vote(member: User, idea: Idea) -> VoteResult:
    """Takes member's vote back; withdrawing a vote that is not there changes nothing."""
    if not member.is_authenticated:
        raise NotAllowed()
    with transaction.atomic():
        locked = _locked(idea)
        vote = Vote.objects.filter(idea=locked, member=member).first()
        if vote is not None:
            recent = vote.created_at >= timezone.now() - TREND_WINDOW
            vote.delete()
            Idea.objects.filter(pk=locked.pk).update(
                vote_count=F("vote_count") - 1,
                trend_score=F("trend_score") - (1 if recent else 0),
                **demand.vote_changes(member.pk, -1),
            )
            demand.move_segment(locked.pk, member, -1)
    count = locked.vote_count - (1 if vote is not None else 0)  # exact: the row was locked
    return VoteResult(voted=False, vote_count=count, changed=vote is not None)


def add_comment(
    author: User,
    idea: Idea,
    body: str,
    *,
    parent: Comment | None = None,
    official: bool = False,
    pictures: Sequence[pictures_.Upload] = (),
    captured: bool = False,
) -> Comment:
    """Comments on an idea, or replies to a comment (replies stay one level deep), with
    pictures if they like."""
    (require_customer if captured else require_member)(author)
    body, _checked = collect_errors(
        lambda: clean_text("body", body, Comment.BODY_MAX, required=True), lambda: pictures_.check(pictures)
    )
    if official and not author.has_perm("ideas.post_official_comment"):
        raise NotAllowed(_("Only staff answer officially."))
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise InvalidInput(parent=[_("You can only reply to a comment on this idea.")])
        parent = parent.parent or parent
    with transaction.atomic():
        locked = _locked(idea)
        if locked.is_merged:
            raise IdeaMerged(into=locked.merged_into_id)
        if not locked.status.rules.accepts_comments or not locked.is_published:
            raise CommentsClosed()
        decision = moderation.Decision() if official or captured else moderation.decide(author, body)
        comment = Comment.objects.create(
            idea=locked,
            author=author,
            parent=parent,
            body=body,
            is_official=official,
            moderation_state=decision.state,
            moderation_rule=decision.rule,
        )
        comment.mentions.set(mentions.named_in(body, locked))
        pictures_.attach(comment, pictures, author)
        if comment.is_published:  # held comments count once a moderator publishes them
            _update_idea(locked.pk, comment_count=F("comment_count") + 1)
        _follow(author, locked)
        changed(comment)  # the idea's comment count reaches shared pages with it
        if official:
            outbox.enqueue(tasks.announce_official_answer, comment.pk)
        elif comment.is_published:  # a held comment is announced when a moderator publishes it
            outbox.enqueue(tasks.announce_comment, comment.pk)
    return comment


def edit_comment(member: User, comment: Comment, body: str) -> Comment:
    """The author's own correction, within Comment.EDIT_WINDOW; shown as edited. The
    new words meet the moderation rules again, and newly named members are told."""
    require_member(member)
    if not comment.can_be_edited_by(member):
        raise NotAllowed(_("You can no longer edit this comment."))
    body = clean_text("body", body, Comment.BODY_MAX, required=True)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("idea").get(pk=comment.pk)
        before = set(locked.mentions.values_list("pk", flat=True))
        decision = moderation.Decision() if locked.is_official else moderation.decide(member, body)
        held = locked.is_published and decision.state != locked.moderation_state
        Comment.objects.filter(pk=locked.pk).update(
            **rendered_columns(Comment, body=body),
            edited_at=timezone.now(),
            **({"moderation_state": decision.state, "moderation_rule": decision.rule} if held else {}),
        )
        if held:  # the edit brought in what the rules hold back: out of sight until a moderator decides
            Idea.objects.filter(pk=locked.idea_id).update(comment_count=F("comment_count") - 1)
        named = mentions.named_in(body, locked.idea)
        locked.mentions.set(named)
        changed(locked)
        if not held and locked.is_published and {person.pk for person in named} - before:
            outbox.enqueue(tasks.announce_mentions, locked.pk)
    comment.refresh_from_db()
    return comment


def react(member: User, comment: Comment, kind: str) -> bool:
    """Gives or takes back one reaction of a kind on a published comment; True when it
    is there afterwards. The unique constraint keeps one of each kind per member."""
    require_member(member)
    if kind not in CommentReaction.Kind.values:
        raise InvalidInput(kind=[_("Choose one of the offered reactions.")])
    if not comment.is_published or member.pk == comment.author_id:
        raise NotAllowed(_("You can react to others' published comments only."))
    with transaction.atomic():
        removed, _counts = CommentReaction.objects.filter(comment=comment, member=member, kind=kind).delete()
        if removed:
            return False
        try:
            with transaction.atomic():
                CommentReaction.objects.create(comment=comment, member=member, kind=kind)
        except IntegrityError:  # the same press, twice at once: it is there
            pass
    return True


def may_accept_answers(member: User, idea: Idea) -> bool:
    return member.is_authenticated and (member.pk == idea.author_id or member.has_perm("ideas.post_official_comment"))


def accept_answer(member: User, comment: Comment) -> Comment:
    """Marks the comment that answered the idea (one per idea; a new choice replaces
    the old one and its points); its author earns reputation."""
    require_member(member)
    idea = comment.idea
    if not may_accept_answers(member, idea):
        raise NotAllowed(_("Only the idea's author or the team accepts an answer."))
    if comment.author_id == member.pk:
        raise NotAllowed(_("Accept an answer from someone else."))
    if not comment.is_published:
        raise NotAllowed(_("Only published comments can be accepted."))
    with transaction.atomic():
        _locked(idea)
        for previous in Comment.objects.filter(idea=idea, is_accepted=True).exclude(pk=comment.pk):
            Comment.objects.filter(pk=previous.pk).update(is_accepted=False)
            reputation.revoke(f"answer:{previous.pk}")
        Comment.objects.filter(pk=comment.pk).update(is_accepted=True)
        reputation.award(comment.author_id, ANSWER_ACCEPTED, f"answer:{comment.pk}")
        changed(comment)
    comment.refresh_from_db()
    return comment


def withdraw_answer(member: User, comment: Comment) -> Comment:
    if not may_accept_answers(member, comment.idea):
        raise NotAllowed(_("Only the idea's author or the team accepts an answer."))
    with transaction.atomic():
        if Comment.objects.filter(pk=comment.pk, is_accepted=True).update(is_accepted=False):
            reputation.revoke(f"answer:{comment.pk}")
            changed(comment)
    comment.refresh_from_db()
    return comment


def _follow(member: User, idea: Idea) -> bool:
    """Call inside a transaction: starts the follow and counts it."""
    started = follows.follow(member, idea)
    if started:
        Idea.objects.filter(pk=idea.pk).update(follower_count=F("follower_count") + 1)
    return started


def follow_idea(member: User, idea: Idea) -> bool:
    if not member.is_authenticated:
        raise NotAllowed()
    with transaction.atomic():
        return _follow(member, idea)


def unfollow_idea(member: User, idea: Idea) -> bool:
    if not member.is_authenticated:
        raise NotAllowed()
    with transaction.atomic():
        stopped = follows.unfollow(member, idea)
        if stopped:
            Idea.objects.filter(pk=idea.pk).update(follower_count=F("follower_count") - 1)
    return stopped


def change_status(idea: Idea, to: Status, by: User, message: str = "") -> StatusChange:
    """Moves an idea to another status with a public message, in one transaction;
    once it commits, every follower is told."""
    if not by.has_perm("ideas.change_idea_status"):
        raise NotAllowed()
    return change_status_by_rule(idea, to, message, changed_by=by)


def change_status_by_rule(
    idea: Idea, to: Status, message: str = "", *, changed_by: User | None = None, restoring: bool = False
) -> StatusChange:
    """change_status() for a rule staff set up beforehand (an issue tracker's issue was
    closed): the same workflow and announcements, with nobody or `changed_by` named.
    `restoring` puts back the status an automatic change replaced (its undo), where the
    workflow would not otherwise lead. The caller has checked that the rule may act."""
    message = clean_text("message", message, 5_000, required=False)
    with transaction.atomic():
        locked = _locked(idea)
        if locked.is_merged or to.stage == Stage.MERGED:
            raise InvalidTransition(_("Merging is done with “merge”, and a merged idea keeps its status."))
        if to.pk == locked.status_id:
            raise InvalidTransition(_("The idea already has this status."))
        if not restoring and not can_move(locked.status.stage, to.stage):
            allowed = ", ".join(status.label for status in allowed_statuses(locked))
            raise InvalidTransition(
                _("An idea cannot move from “%(from)s” to “%(to)s”. It can move to: %(allowed)s.")
                % {"from": locked.status.label, "to": to.label, "allowed": allowed}
            )
        change = StatusChange.objects.create(
            idea=locked, from_status=locked.status, to_status=to, changed_by=changed_by, message=message
        )
        _update_idea(locked.pk, status=to)
        if to.stage in PLANNED_OR_LATER:
            reputation.award(locked.author_id, IDEA_PLANNED, f"idea-planned:{locked.pk}")
        changed(locked, change)
        webhook_events.status_changed(change)
        outbox.enqueue(tasks.announce_status_change, change.pk)
    idea.refresh_from_db()
    return change


def allowed_statuses(idea: Idea) -> list[Status]:
    """The statuses the workflow lets this idea move to now."""
    if idea.is_merged:
        return []
    return [
        status
        for status in Status.objects.choosable()
        if status.pk != idea.status_id and can_move(idea.status.stage, status.stage)
    ]


def merge_ideas(duplicate: Idea, into: Idea, by: User, message: str = "") -> Idea:
    """Folds a duplicate into another idea: votes and followers move without double
    counting, the duplicate points to the survivor from now on (whose page shows its
    text and this message), and its author is told."""
    if not by.has_perm("ideas.merge_ideas"):
        raise NotAllowed()
    if duplicate.pk == into.pk:
        raise InvalidTransition(_("An idea cannot be merged into itself."))
    message = clean_text("message", message, 5_000, required=False)
    with transaction.atomic():
        # Lock both rows, always in the same order, so two merges cannot deadlock.
        rows = (
            Idea.objects.select_for_update(of=("self",)).select_related("status").filter(pk__in=[duplicate.pk, into.pk])
        )
        locked = {row.pk: row for row in rows.order_by("pk")}
        source, target = locked[duplicate.pk], locked[into.pk]
        if source.is_merged or target.is_merged:
            raise InvalidTransition(_("A merged idea cannot be merged again."))
        survivors = Vote.objects.filter(idea=target).values("member_id")
        Vote.objects.filter(idea=source).exclude(member_id__in=survivors).update(idea=target)
        Vote.objects.filter(idea=source).delete()  # these members had voted on both
        followers = follows.move_followers(source, target)
        now = timezone.now()
        Idea.objects.filter(pk=target.pk).update(
            vote_count=Vote.objects.filter(idea=target).count(), follower_count=followers, last_activity_at=now
        )
        merged = Status.objects.merged()
        change = StatusChange.objects.create(
            idea=source, from_status=source.status, to_status=merged, changed_by=by, message=message
        )
        Idea.objects.filter(pk=source.pk).update(
            merged_into=target,
            status=merged,
            vote_count=0,
            follower_count=0,
            weighted_demand=0,
            value_demand=0,
            last_activity_at=now,
        )
        demand.refresh(Idea.objects.filter(pk__in=[source.pk, target.pk]))
        changed(source, target)
        target.refresh_from_db()
        webhook_events.merged(source, target)
        outbox.enqueue(tasks.announce_merge, change.pk)
    duplicate.refresh_from_db()
    into.refresh_from_db()
    return into


def refresh_trend_scores() -> int:
    """Sets every idea's trend score to its votes of the last week, in one UPDATE."""
    recent = (
        Vote.objects.filter(idea=OuterRef("pk"), created_at__gte=timezone.now() - TREND_WINDOW)
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Idea.objects.update(trend_score=Coalesce(Subquery(recent), 0.0))
