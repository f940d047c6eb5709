"""Generated ideas in bulk: a lively demo board, and data at scale for benchmarks.

`seed_demo` adds a few hundred of these to the hand-written demo ideas;
`seed_demo --ideas N --votes M` adds as many as asked. Rows are inserted in batches,
bypassing the services on purpose (they act one member at a time); the counters are
then computed in SQL from the rows (ideas.counters.recount), so they hold exactly
what the services would have kept.
"""

import random
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from community.demo import DEMO_DOMAIN, NoProgress, ProgressFactory, Scale, refresh_statistics
from community.models import Follow, User
from community.profiles import reputation
from community.site import SeedReport
from ideas import counters, demand
from ideas.models import Comment, Idea, IdeaTag, Status, StatusChange, Vote
from ideas.reputation import IDEA_PLANNED
from ideas.services import PLANNED_OR_LATER, refresh_trend_scores
from ideas.workflow import Stage
from reviews.models import ProductPage

ACTIONS = [
    "Bulk rename", "Drag and drop", "Undo for", "Keyboard shortcuts for", "Search inside", "Version history for",
    "Offline access to", "Sharing links for", "Comments on", "Tags for", "Reminders for", "Templates for",
    "Audit log for", "Read-only access to", "Expiry dates for", "Export of", "Favourites among", "Previews of",
]  # fmt: skip
THINGS = [
    "files", "folders", "shared folders", "photos", "scanned documents", "team spaces", "guest uploads",
    "reports", "calendar attachments", "project archives", "PDF contracts", "spreadsheets", "videos",
]  # fmt: skip
PLACES = [
    "in the web app", "on Android", "on iPhone", "on the desktop app", "for team admins", "for guests",
    "in Insights", "via the API", "on tablets", "in Slack", "in Microsoft Teams",
]  # fmt: skip
REASONS = [
    "We do this every day and it takes far too long.",
    "Our team loses time on this every week.",
    "Competitors already offer this, and our clients ask for it.",
    "It would save us from a lot of copy and paste.",
    "Without it we keep a second tool just for this.",
    "Our auditors asked for it last quarter.",
    "New colleagues struggle with the current way.",
]
COMMENTS = [
    "Yes please, this would save me a lot of time.",
    "Same here: our whole team needs this.",
    "Is there any workaround until then?",
    "We would pay more for this.",
    "Critical for us, we might switch otherwise.",
    "Could this also work for shared folders?",
    "+1, and please keep it simple.",
]
REPLIES = ["Good question, I would like to know too.", "Agreed.", "We use a script for now, happy to share it."]
MESSAGES = {
    Stage.UNDER_REVIEW: "Thanks for the votes: our product team is looking into this.",
    Stage.PLANNED: "This is on our roadmap for one of the next releases.",
    Stage.IN_PROGRESS: "We are building this now; beta testers are welcome.",
    Stage.DONE: "This shipped. Thank you for asking for it!",
    Stage.CLOSED: "We decided against this for now; the reasons are in the comments.",
}
# How often each stage occurs among generated ideas; closed and done ones attract more votes.
STAGE_WEIGHTS = {Stage.OPEN: 60, Stage.UNDER_REVIEW: 14, Stage.PLANNED: 6, Stage.IN_PROGRESS: 4,
                 Stage.DONE: 9, Stage.CLOSED: 7}  # fmt: skip
BATCH = 5_000
HISTORY = timedelta(days=730)


class NotEnoughMembers(ValueError):
    pass


class CounterDrift(RuntimeError):
    """A bug in the generator: what it wrote does not add up."""


def seed_many_ideas(
    ideas: int, votes: int, progress: ProgressFactory = lambda **kwargs: NoProgress(), seed: int = 2026
) -> dict[str, int]:
    """Adds `ideas` generated ideas with `votes` votes among them (each by a distinct
    demo member per idea), comments, status changes with public messages and follows.
    Call inside a transaction. Returns what it created, by kind."""
    members = list(
        User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}", is_staff=False, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ideas <= 0:
        return {}
    if not members:
        raise NotEnoughMembers("There are no demo members to post ideas: seed the demo first.")
    capacity = ideas * (len(members) - 1)
    if votes > capacity:
        raise NotEnoughMembers(
            f"{votes} votes on {ideas} ideas need more members: {len(members)} members can cast at most "
            f"{capacity} (one vote per member and idea, never on their own). Add --members."
        )
    chance = random.Random(seed)  # noqa: S311 (demo data, not security)
    now = timezone.now()
    plan = _Plan(chance, now, members)
    created = _insert_ideas(plan, ideas, progress)
    first, last = created[0].pk, created[-1].pk
    _insert_tags(plan, created)
    vote_count = _insert_votes(plan, created, votes, progress)
    comment_count = _insert_comments(plan, created, progress)
    change_count = _insert_status_changes(plan, created)
    follow_count = _insert_follows(first, last)
    award_count = _award_planned(first, last)
    new = Idea.objects.filter(pk__gte=first, pk__lte=last)
    # Without statistics on the rows just inserted, PostgreSQL plans the recounts below
    # as if the tables were empty: hours instead of a minute at a million votes.
    refresh_statistics()
    counters.recount(new)
    demand.refresh(new)
    refresh_trend_scores()
    return {
        "ideas": len(created),
        "votes": vote_count,
        "comments": comment_count,
        "status changes": change_count,
        "follows": follow_count,
        "reputation awards": award_count,
    }


class _Plan:
    """The fixed choices every step draws from."""

    def __init__(self, chance: random.Random, now: datetime, members: list[int]):
        self.chance, self.now, self.members = chance, now, members
        statuses = {}
        for status in Status.objects.choosable().order_by("position", "pk"):
            statuses.setdefault(status.stage, status)
        self.default = Status.objects.default()
        self.statuses = statuses
        self.stages = [stage for stage in STAGE_WEIGHTS if stage in statuses]
        self.stage_weights = [STAGE_WEIGHTS[stage] for stage in self.stages]
        self.products = [None, *ProductPage.objects.live().values_list("pk", flat=True)]
        self.tags = list(IdeaTag.objects.values_list("pk", flat=True))
        self.team = (
            User.objects.filter(is_staff=True, user_permissions__codename="change_idea_status").first()
            or User.objects.filter(is_superuser=True).first()
        )

    def moment_after(self, start: datetime) -> datetime:
        return start + (self.now - start) * self.chance.random()

    def member_other_than(self, author: int) -> int:
        while True:
            member = self.chance.choice(self.members)
            if member != author or len(self.members) == 1:
                return member


def _title(chance: random.Random) -> str:
    return f"{chance.choice(ACTIONS)} {chance.choice(THINGS)} {chance.choice(PLACES)}"[: Idea.TITLE_MAX]


def _insert_ideas(plan: _Plan, count: int, progress: ProgressFactory) -> list[Idea]:
    chance, created = plan.chance, []
    bar = progress(total=count, desc="Ideas")
    for start in range(0, count, BATCH):
        batch = []
        for _ in range(min(BATCH, count - start)):
            stage = chance.choices(plan.stages, plan.stage_weights)[0]
            posted = plan.now - HISTORY * chance.random() ** 2  # more of them recent
            title = _title(chance)
            batch.append(
                Idea(
                    title=title,
                    body=f"{title}, please. {chance.choice(REASONS)}",
                    author_id=chance.choice(plan.members),
                    product_id=chance.choice(plan.products),
                    status=plan.statuses[stage],
                    created_at=posted,
                    last_activity_at=posted,
                )
            )
        created.extend(Idea.objects.bulk_create(batch))
        bar.update(len(batch))
    bar.close()
    return created


def _insert_tags(plan: _Plan, ideas: list[Idea]) -> None:
    if not plan.tags:
        return
    through = Idea.tags.through
    rows = [
        through(idea_id=idea.pk, ideatag_id=tag)
        for idea in ideas
        for tag in plan.chance.sample(plan.tags, plan.chance.choice([0, 1, 1, 2]))
    ]
    through.objects.bulk_create(rows, batch_size=BATCH)


def _vote_targets(plan: _Plan, ideas: list[Idea], votes: int) -> list[int]:
    """How many votes each idea gets: a few popular ideas, a long tail, as on real boards."""
    chance, cap = plan.chance, len(plan.members) - 1
    weights = []
    for rank, idea in enumerate(chance.sample(ideas, len(ideas)), start=1):
        boost = 1 if idea.status.stage in (Stage.OPEN, Stage.CLOSED) else 3
        weights.append((idea, boost / rank**0.7))
    total = sum(weight for _, weight in weights)
    targets = {idea.pk: min(cap, int(votes * weight / total)) for idea, weight in weights}
    missing = votes - sum(targets.values())
    while missing > 0:  # rounding and caps leave some over: hand them out where there is room
        for idea, _ in weights:
            if missing and targets[idea.pk] < cap:
                targets[idea.pk] += 1
                missing -= 1
    return [targets[idea.pk] for idea in ideas]


def _insert_votes(plan: _Plan, ideas: list[Idea], votes: int, progress: ProgressFactory) -> int:
    chance, batch, inserted = plan.chance, [], 0
    importances = [None, None, *Vote.Importance.values, Vote.Importance.IMPORTANT]
    bar = progress(total=votes, desc="Votes")
    for idea, target in zip(ideas, _vote_targets(plan, ideas, votes), strict=True):
        drawn = chance.sample(plan.members, min(target + 1, len(plan.members)))
        voters = [member for member in drawn if member != idea.author_id][:target]
        for member in voters:
            cast = plan.moment_after(idea.created_at)
            batch.append(
                Vote(idea_id=idea.pk, member_id=member, importance=chance.choice(importances), created_at=cast)
            )
        if len(batch) >= BATCH:
            inserted += _flush(Vote, batch, bar)
    inserted += _flush(Vote, batch, bar)
    bar.close()
    return inserted


def _insert_comments(plan: _Plan, ideas: list[Idea], progress: ProgressFactory) -> int:
    chance, threads, inserted = plan.chance, [], 0
    bar = progress(total=len(ideas), desc="Comments")
    for start in range(0, len(ideas), BATCH):
        batch = []
        for idea in ideas[start : start + BATCH]:
            for _ in range(chance.choice([0, 0, 1, 1, 2, 3])):
                author = plan.member_other_than(idea.author_id)
                said = plan.moment_after(idea.created_at)
                batch.append(Comment(idea_id=idea.pk, author_id=author, body=chance.choice(COMMENTS), created_at=said))
        threads.extend(comment for comment in Comment.objects.bulk_create(batch) if chance.random() < 0.3)
        inserted += len(batch)
        bar.update(min(BATCH, len(ideas) - start))
    replies = [
        Comment(
            idea_id=parent.idea_id,
            parent_id=parent.pk,
            author_id=chance.choice(plan.members),
            body=chance.choice(REPLIES),
            created_at=plan.moment_after(parent.created_at),
        )
        for parent in threads
    ]
    Comment.objects.bulk_create(replies, batch_size=BATCH)
    bar.close()
    return inserted + len(replies)


def _insert_status_changes(plan: _Plan, ideas: list[Idea]) -> int:
    changes = [
        StatusChange(
            idea_id=idea.pk,
            from_status=plan.default,
            to_status=idea.status,
            changed_by=plan.team,
            message=MESSAGES.get(idea.status.stage, ""),
            created_at=plan.moment_after(idea.created_at),
        )
        for idea in ideas
        if idea.status.pk != plan.default.pk
    ]
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    return len(changes)


def _award_planned(first: int, last: int) -> int:
    """Reputation as change_status gives it, for the generated ideas the team took up."""
    planned = Idea.objects.filter(pk__gte=first, pk__lte=last, status__stage__in=PLANNED_OR_LATER)
    return reputation.award_many(
        (author_id, IDEA_PLANNED, f"idea-planned:{pk}") for pk, author_id in planned.values_list("pk", "author_id")
    )


def _insert_follows(first: int, last: int) -> int:
    """Voters and authors follow the ideas, as the services would have made them:
    one INSERT … SELECT each, in the database."""
    follow, vote, idea = Follow._meta, Vote._meta, Idea._meta
    column = connection.ops.quote_name
    content_type = ContentType.objects.get_for_model(Idea).pk
    target = f"{column(follow.db_table)} (member_id, content_type_id, object_id, created_at)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {target} SELECT member_id, %s, idea_id, created_at FROM {column(vote.db_table)} "  # noqa: S608 (table names from models)
            "WHERE idea_id BETWEEN %s AND %s",
            [content_type, first, last],
        )
        voters = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {target} SELECT author_id, %s, id, created_at FROM {column(idea.db_table)} "  # noqa: S608
            "WHERE id BETWEEN %s AND %s",
            [content_type, first, last],
        )
        return voters + cursor.rowcount


def _flush(model, batch: list, bar) -> int:
    model.objects.bulk_create(batch)
    count = len(batch)
    bar.update(count)
    batch.clear()
    return count


def scale_ideas(scale: Scale, report: SeedReport, progress: ProgressFactory) -> None:
    """seed_demo --ideas N --votes M, checked: every counter must match its rows."""
    before = Idea.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for kind, number in seed_many_ideas(scale.ideas, scale.votes, progress).items():
        report.count(kind, number)
    generated = Idea.objects.filter(pk__gt=before)
    wrong = counters.drift(generated) + demand.drift(generated)
    if wrong:
        raise CounterDrift(f"{len(wrong)} counters disagree with their rows, e.g. {wrong[:3]}")
