"""The loop closed to the end: when an idea ships, every voter is asked "did this
solve it?" (yes, partly, no, and a comment), by a signed link that works without
signing in; product managers read the answers per idea and per segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from community.errors import InvalidInput, NotAllowed
from community.models import User
from community.rules import clean_text
from ideas.models import Idea, ShippedFeedback, Vote
from ideas.workflow import Stage

_SALT = "ideas.shipped"
Answer = ShippedFeedback.Answer


class InvalidLink(Exception):
    """The link was altered or cut short, or names a member or idea that is gone."""


def token(member: User, idea: Idea) -> str:
    return signing.dumps({"m": member.pk, "i": idea.pk}, salt=_SALT)


def path(member: User, idea: Idea, answer: str = "") -> str:
    link = reverse("shipped_feedback", args=[token(member, idea)])
    return f"{link}?answer={answer}" if answer else link


def url(member: User, idea: Idea, answer: str = "") -> str:
    return settings.BASE_URL + path(member, idea, answer)


def read(value: str) -> tuple[User, Idea]:
    try:
        data = signing.loads(value, salt=_SALT)
        member = User.objects.get(pk=int(data["m"]), is_active=True)
        idea = Idea.objects.select_related("status").get(pk=int(data["i"]))
    except (signing.BadSignature, User.DoesNotExist, Idea.DoesNotExist, KeyError, TypeError, ValueError) as error:
        raise InvalidLink from error
    return member, idea


def may_answer(member: User, idea: Idea) -> bool:
    return idea.status.stage == Stage.DONE and Vote.objects.filter(idea=idea, member=member).exists()


def answer(member: User, idea: Idea, value: str, comment: str = "") -> ShippedFeedback:
    """Records (or changes) the voter's answer; only voters of a shipped idea answer."""
    if value not in Answer.values:
        raise InvalidInput(answer=[_("Choose yes, partly or no.")])
    comment = clean_text("comment", comment, ShippedFeedback.COMMENT_MAX, required=False)
    if not may_answer(member, idea):
        raise NotAllowed(_("Only those who voted for a shipped idea answer this."))
    fields = {"answer": value, "comment": comment}
    try:
        with transaction.atomic():
            feedback, _created = ShippedFeedback.objects.update_or_create(idea=idea, member=member, defaults=fields)
    except IntegrityError:  # a second click at the same moment: the other one created it
        ShippedFeedback.objects.filter(idea=idea, member=member).update(**fields)
        feedback = ShippedFeedback.objects.get(idea=idea, member=member)
    return feedback


@dataclass
class Tally:
    """Answers to "did this solve it?" for one group of voters."""

    label: str = ""
    yes: int = 0
    partly: int = 0
    no: int = 0
    comments: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def satisfaction(self) -> int | None:
        """Per cent: yes counts fully, partly half; None without answers."""
        if not self.total:
            return None
        return round(100 * (self.yes + self.partly / 2) / self.total)


def _counts(feedback) -> dict:
    return feedback.aggregate(
        yes=Count("pk", filter=Q(answer=Answer.YES)),
        partly=Count("pk", filter=Q(answer=Answer.PARTLY)),
        no=Count("pk", filter=Q(answer=Answer.NO)),
    )


def results(idea: Idea) -> tuple[Tally, list[Tally]]:
    """All answers for the idea, and the same per segment of the voters."""
    feedback = ShippedFeedback.objects.filter(idea=idea)
    overall = Tally(label=_("All voters"), **_counts(feedback))
    overall.comments = list(feedback.exclude(comment="").order_by("-updated_at").values_list("comment", flat=True)[:50])
    per_segment = []
    rows = (
        feedback.order_by()
        .values("member__segment__name")
        .annotate(
            yes=Count("pk", filter=Q(answer=Answer.YES)),
            partly=Count("pk", filter=Q(answer=Answer.PARTLY)),
            no=Count("pk", filter=Q(answer=Answer.NO)),
        )
    )
    for row in sorted(rows, key=lambda row: (row["member__segment__name"] is None, row["member__segment__name"] or "")):
        name = row.pop("member__segment__name")
        per_segment.append(Tally(label=name or _("No segment"), **row))
    return overall, per_segment


def satisfaction(since=None) -> Tally:
    """Every answer (since a date), for the insights dashboard."""
    feedback = ShippedFeedback.objects.all()
    if since is not None:
        feedback = feedback.filter(updated_at__gte=since)
    return Tally(label=_("All shipped ideas"), **_counts(feedback))
