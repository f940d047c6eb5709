"""The demo's release post: what version 4.2 brought, gathering the ideas that shipped."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from changelog.models import ReleaseIdea, ReleasePage
from community.site import SeedReport
from ideas.models import ChangelogPage, Idea
from ideas.workflow import Stage

BODY = [
    ("heading", "What is new"),
    (
        "paragraph",
        "<p>Version 4.2 is the release you asked for: <b>dark mode</b> on the phone, comments right on "
        "the files, and sharing that finally respects your team's rules.</p>",
    ),
    (
        "paragraph",
        "<p>Thank you to everyone who voted and told us how you work. The ideas below shipped in this "
        "release; each has its own story on the changelog.</p>",
    ),
]


def seed_releases(report: SeedReport) -> None:
    changelog = ChangelogPage.objects.live().first()
    if changelog is None or ReleasePage.objects.exists():
        return
    release = ReleasePage(
        title="Version 4.2: dark mode and comments on files",
        slug="version-4-2",
        date=timezone.localdate() - timedelta(days=3),
        summary="Dark mode on the phone, comments on files and sharing that follows your rules.",
        body=[{"type": kind, "value": value} for kind, value in BODY],
    )
    changelog.add_child(instance=release)
    shipped = Idea.objects.published().filter(status__stage=Stage.DONE, merged_into__isnull=True)
    for order, idea in enumerate(shipped.order_by("-vote_count")[:4]):
        ReleaseIdea.objects.create(release=release, idea=idea, sort_order=order)
    release.save_revision().publish()
    report.count("release posts", 1)


def reset_releases() -> None:
    for release in ReleasePage.objects.all():
        release.delete()
