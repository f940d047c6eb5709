"""One moderation layer for everything members write.

Each feature app registers its kinds of content (ideas, comments, reviews) with what
the rules read and what must follow a decision (a counter, a rating). `decide()` tells
a service whether a new post is published at once or held, and by which rule;
`moderate()` is every moderator's decision afterwards: logged with Wagtail's log
entries and announced to the author. Nothing is ever deleted here.
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from community.changes import changed
from community.errors import InvalidInput, NotAllowed, ServiceError
from community.markdown import rendered_columns
from community.models import Flag, ModerationEdit, ModerationPolicy, ModerationState
from community.notifications.services import Message, notify
from community.notifications.topics import ACCOUNT
from community.plugins import Point
from community.rules import clean_text, require_member

MODERATE = "tandem.moderate"
EDIT = "tandem.moderation_edit"
PERMISSION = "community.moderate_content"
NEAR_DUPLICATE = 0.9  # how alike two posts must be (difflib's ratio) to count as one
RECENT = timedelta(days=1)

RULES = {
    "blocked_words": gettext_lazy("contains a blocked word or pattern"),
    "links": gettext_lazy("has many links"),
    "pre_moderation": gettext_lazy("every post waits for a moderator"),
    "new_member": gettext_lazy("one of a new member's first posts"),
    "near_duplicate": gettext_lazy("nearly repeats a recent post"),
    "flags": gettext_lazy("reported by members"),
}


class AlreadyFlagged(ServiceError):
    code = "already_flagged"
    status = 409
    default_message = gettext_lazy("You have already reported this. A moderator will look at it.")


class OwnContent(ServiceError):
    code = "own_content"
    status = 409
    default_message = gettext_lazy("You cannot report what you wrote yourself.")


@dataclass(frozen=True)
class Kind:
    model: type[Any]  # a Moderated model with an author
    text: Callable[[Any], str]  # what the rules read
    url: Callable[[Any], str]  # where the author finds it
    fields: tuple[str, ...] = ()  # the text a moderator may edit
    published: Callable[[Any], None] = lambda obj: None  # call inside the decision's transaction
    unpublished: Callable[[Any], None] = lambda obj: None


KINDS: Point[Kind] = Point("moderation kinds", Kind)


def kinds() -> list[Kind]:
    return list(KINDS)


def kind_of(obj: Any) -> Kind:
    for kind in KINDS:
        if kind.model is type(obj):
            return kind
    raise KeyError(type(obj))


@dataclass(frozen=True)
class Decision:
    state: str = ModerationState.PUBLISHED
    rule: str = ""


def decide(author, text: str) -> Decision:
    """Whether a member's new post is published at once, or held and by which rule."""
    if author.has_perm(PERMISSION):
        return Decision()
    policy = ModerationPolicy.load()
    held = ModerationState.PENDING
    for line in policy.blocked_patterns.splitlines():
        if line.strip() and re.search(line.strip(), text, re.IGNORECASE):
            return Decision(held, "blocked_words")
    if policy.max_links and len(re.findall(r"https?://|www\.", text, re.IGNORECASE)) > policy.max_links:
        return Decision(held, "links")
    if policy.pre_moderation:
        return Decision(held, "pre_moderation")
    if policy.hold_first_posts and _published_posts(author) < policy.hold_first_posts:
        return Decision(held, "new_member")
    if policy.hold_near_duplicates and _repeats_recent_post(author, text):
        return Decision(held, "near_duplicate")
    return Decision()


def _published_posts(author) -> int:
    return sum(
        kind.model.objects.filter(author=author, moderation_state=ModerationState.PUBLISHED).count() for kind in kinds()
    )


def _repeats_recent_post(author, text: str) -> bool:
    text = " ".join(text.lower().split())
    if len(text) < 20:  # "Yes please" twice is not spam
        return False
    since = timezone.now() - RECENT
    for kind in kinds():
        for earlier in kind.model.objects.filter(author=author, created_at__gte=since).order_by("-pk")[:20]:
            before = " ".join(kind.text(earlier).lower().split())
            if difflib.SequenceMatcher(None, text, before).ratio() >= NEAR_DUPLICATE:
                return True
    return False


def flag(member, obj: Any, reason: str, note: str = "") -> Flag:
    """A member reports content, once; enough open reports hide it until a moderator decides."""
    require_member(member)
    if obj.author_id == member.pk:
        raise OwnContent()
    if reason not in Flag.Reason.values:
        raise InvalidInput(reason=[_("Choose why you report this.")])
    note = clean_text("note", note, Flag.NOTE_MAX, required=reason == Flag.Reason.OTHER)
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = Flag.objects.create(
                    content_type=content_type, object_id=obj.pk, reporter=member, reason=reason, note=note
                )
        except IntegrityError:
            raise AlreadyFlagged() from None
        limit = ModerationPolicy.load().hide_after_flags
        if limit and open_flags(obj).count() >= limit:
            _hide_for_review(obj)
    return report


def open_flags(obj: Any):
    return Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, resolved_at__isnull=True
    )


def _hide_for_review(obj: Any) -> None:
    """Call inside a transaction: takes published content off the site until a moderator decides."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if locked.is_published:
        type(obj).objects.filter(pk=obj.pk).update(moderation_state=ModerationState.PENDING, moderation_rule="flags")
        locked.refresh_from_db()
        kind_of(obj).unpublished(locked)
        changed(locked)


def moderate(obj: Any, state: str, by, reason: str = "") -> Any:
    """A moderator's decision on one post: published, rejected or spam (the reason is
    shown to the author). Counts and ratings follow in the same transaction."""
    if not by.has_perm(PERMISSION):
        raise NotAllowed()
    if state not in ModerationState.values:
        raise InvalidInput(moderation_state=[_("Unknown moderation state.")])
    reason = clean_text("reason", reason, 1_000, required=False)
    kind = kind_of(obj)
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        was_published = locked.is_published
        type(obj).objects.filter(pk=obj.pk).update(
            moderation_state=state, moderation_reason=reason, moderated_by=by, moderated_at=timezone.now()
        )
        locked.refresh_from_db()
        if locked.is_published and not was_published:
            kind.published(locked)
        elif was_published and not locked.is_published:
            kind.unpublished(locked)
        log(instance=locked, action=MODERATE, user=by, data={"state": state, "reason": reason})
        changed(locked)
        if state != ModerationState.PENDING:
            reports = list(open_flags(locked).values_list("pk", flat=True))
            Flag.objects.filter(pk__in=reports).update(resolved_at=timezone.now(), outcome=state)
            transaction.on_commit(lambda: _tell_author(kind, locked))
            transaction.on_commit(lambda: _tell_reporters(kind, locked, reports))
    obj.refresh_from_db()
    return obj


def mark_spam(obj: Any, by, reason: str, suspend_for: timedelta | None = None, for_good: bool = False) -> Any:
    """Spam is hidden, and its author is suspended for `suspend_for`, or for good
    (unless they are suspended already)."""
    from community.moderation import suspensions

    with transaction.atomic():
        moderate(obj, ModerationState.SPAM, by, reason)
        author = type(obj)._meta.get_field("author").related_model.objects.get(pk=obj.author_id)
        if (suspend_for or for_good) and not author.is_suspended:
            until = timezone.now() + suspend_for if suspend_for and not for_good else None
            suspensions.suspend(author, by, reason or _("Spam."), until)
    return obj


def edit_content(obj: Any, by, changes: dict[str, str], reason: str = "") -> Any:
    """A moderator corrects member content (say, removes a phone number); the
    original words are kept in a ModerationEdit, and the author is told why."""
    if not by.has_perm(PERMISSION):
        raise NotAllowed()
    kind = kind_of(obj)
    unknown = sorted(set(changes) - set(kind.fields))
    if unknown:
        raise InvalidInput(**{name: [_("This cannot be edited here.")] for name in unknown})
    cleaned = {}
    errors = {}
    for name, value in changes.items():
        field = type(obj)._meta.get_field(name)
        try:
            cleaned[name] = clean_text(name, value, field.max_length or 10_000, required=not field.blank)
        except InvalidInput as error:
            errors.update(error.details)
    if errors:
        raise InvalidInput(**errors)
    reason = clean_text("reason", reason, 1_000, required=True)
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        original = {name: getattr(locked, name) for name in cleaned}
        if original == cleaned:
            return obj
        ModerationEdit.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            original=original,
            edited_by=by,
            reason=reason,
        )
        type(obj).objects.filter(pk=obj.pk).update(**rendered_columns(type(obj), **cleaned))
        changed(locked)
        log(instance=locked, action=EDIT, user=by, data={"reason": reason, "fields": sorted(cleaned)})
        edited_at = timezone.now().isoformat()

        def render(member) -> Message:
            return Message(title=_("A moderator edited your post"), body=reason, url=kind.url(locked))

        from community.models import User

        transaction.on_commit(
            lambda: notify(
                User.objects.filter(pk=locked.author_id),
                topic=ACCOUNT,
                event_key=f"edited:{obj._meta.label_lower}:{obj.pk}:{edited_at}",
                render=render,
            )
        )
    obj.refresh_from_db()
    return obj


def _tell_author(kind: Kind, obj: Any) -> None:
    def render(member) -> Message:
        if obj.is_published:
            title = _("Your post is published")
        else:
            title = _("Your post is not shown: %(state)s") % {"state": obj.get_moderation_state_display()}
        return Message(title=title, body=obj.moderation_reason, url=kind.url(obj))

    from community.models import User

    notify(
        User.objects.filter(pk=obj.author_id),
        topic=ACCOUNT,
        event_key=f"moderated:{obj._meta.label_lower}:{obj.pk}:{obj.moderated_at.isoformat()}",
        render=render,
    )


def _tell_reporters(kind: Kind, obj: Any, reports: list[int]) -> None:
    """Everyone who reported it hears what the moderators decided."""
    from community.models import User

    def render(member) -> Message:
        if obj.is_published:
            title = _("Thank you for your report: a moderator checked it and it stays")
        else:
            title = _("Thank you for your report: a moderator took it down")
        return Message(title=title, body="", url=kind.url(obj) if obj.is_published else "")

    reporters = User.objects.filter(flags__pk__in=reports).distinct()
    notify(
        reporters,
        topic=ACCOUNT,
        event_key=f"flags:{obj._meta.label_lower}:{obj.pk}:{obj.moderated_at.isoformat()}",
        render=render,
    )


def can_see(post, member) -> bool:
    """visible_to for one loaded post: asks for the moderator's permission (two queries)
    only when the post is not published, so reading and voting on a published idea skip them."""
    if post.is_published:
        return True
    if not member.is_authenticated:
        return False
    return post.author_id == member.pk or member.has_perm(PERMISSION)


def visible_to(queryset, member):
    """What a viewer may see of some content: published posts, their own, or all of it for moderators."""
    from django.db.models import Q

    if member.is_authenticated and member.has_perm(PERMISSION):
        return queryset
    if member.is_authenticated:
        return queryset.filter(Q(moderation_state=ModerationState.PUBLISHED) | Q(author=member))
    return queryset.filter(moderation_state=ModerationState.PUBLISHED)
