"""The counters on Idea, recomputed from the rows they count.

The services keep them exact as members act; these functions are for data loaded
in bulk (the demo generator) and for checking that nothing drifted.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from community.models import Follow
from ideas.models import Comment, Idea, StatusChange, Vote

COUNTERS = ("vote_count", "comment_count", "follower_count")


def _counted(rows: QuerySet, key: str) -> Coalesce:
    per_idea = rows.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(per_idea, output_field=IntegerField()), 0)


def _actual() -> dict:
    """Each counter as the rows say it should be, as expressions over an Idea queryset."""
    follows = Follow.objects.filter(content_type=ContentType.objects.get_for_model(Idea))
    return {
        "vote_count": _counted(Vote.objects.all(), "idea"),
        "comment_count": _counted(Comment.objects.published(), "idea"),
        "follower_count": _counted(follows, "object_id"),
    }


def recount(ideas: QuerySet[Idea]) -> int:
    """Sets the counters and the last activity of ideas from their rows, in one UPDATE."""

    def latest(rows: QuerySet):
        newest = rows.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(at=Max("created_at"))
        return Coalesce(Subquery(newest.values("at")), F("created_at"))

    return ideas.update(
        **_actual(),
        last_activity_at=Greatest(
            F("created_at"),
            latest(Vote.objects.all()),
            latest(Comment.objects.all()),
            latest(StatusChange.objects.all()),
        ),
    )


def drift(ideas: QuerySet[Idea] | None = None) -> list[tuple[int, str, int, int]]:
    """(idea id, counter, stored, actual) for every counter that disagrees with its rows."""
    ideas = (ideas if ideas is not None else Idea.objects.all()).order_by()
    actual = {f"actual_{name}": expression for name, expression in _actual().items()}
    rows = ideas.annotate(**actual).values("pk", *COUNTERS, *actual)
    return [
        (row["pk"], name, row[name], row[f"actual_{name}"])
        for row in rows.iterator(chunk_size=5_000)
        for name in COUNTERS
        if row[name] != row[f"actual_{name}"]
    ]
