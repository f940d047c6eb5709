"""Everything the changelog plugs into the layers below it, in one place."""

from __future__ import annotations

from changelog import demo
from changelog.models import ReleasePage, Subscription
from changelog.views import subscribe_panel
from community import demo as community_demo
from community.models import User
from community.privacy import services as privacy
from ideas.views.changelog import CHANGELOG_PANELS, CHANGELOG_POSTS, Post


def release_posts(page, request, limit: int) -> list[Post]:
    releases = ReleasePage.objects.live().public().child_of(page).select_related("product").order_by("-date", "-pk")
    return [
        Post(
            title=release.title,
            url=release.get_url(request),
            published=release.date,
            summary=release.summary,
            guid=f"tandem-release-{release.pk}",
            template=ReleasePage.card_template,
            item=release,
        )
        for release in releases[:limit]
    ]


def export(member: User) -> dict:
    return {
        "changelog_subscriptions": list(
            Subscription.objects.filter(member=member).values(
                "email", "product__title", "asked_at", "confirmed_at", "ended_at"
            )
        )
    }


def erase(member: User, remove_content: bool) -> None:
    """Their subscriptions end: the address goes, and with it every email."""
    addresses = [member.email, *Subscription.objects.filter(member=member).values_list("email", flat=True)]
    Subscription.objects.filter(email__in=addresses).delete()


CHANGELOG_POSTS.add(release_posts)
CHANGELOG_PANELS.add(subscribe_panel)
privacy.PARTS.add(privacy.Part("changelog", (Subscription,), export, erase))
community_demo.STEPS.add(community_demo.DemoStep("changelog", demo.seed_releases, reset=demo.reset_releases))
