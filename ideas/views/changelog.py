"""The changelog page and its Atom feed: what shipped, in the team's words, and the
posts other apps add to it (release posts, from changelog/)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from community.markdown import render_markdown
from community.plugins import Point
from ideas.models import IdeaBoardPage
from ideas.queries import changelog_entries

PER_PAGE = 20
POSTS_SHOWN = 6


@dataclass(frozen=True)
class Post:
    """Something an app publishes on the changelog (a release post): listed on the page
    with its own template, and an entry of the feed."""

    title: str
    url: str
    published: date | datetime
    summary: str
    guid: str
    template: str
    item: object


# Each gives (changelog page, request, how many) -> the newest posts, newest first.
CHANGELOG_POSTS: Point[Callable[..., list[Post]]] = Point("changelog posts", Callable)
# Boxes beside the list (the email subscription): each returns HTML for (request, page).
CHANGELOG_PANELS: Point[Callable[..., str]] = Point("changelog panels", Callable)


def posts(page, request, limit: int) -> list[Post]:
    found = [post for source in CHANGELOG_POSTS for post in source(page, request, limit)]
    return sorted(found, key=lambda post: _as_datetime(post.published), reverse=True)[:limit]


def _as_datetime(moment: date | datetime) -> datetime:
    """Posts carry a day or a moment; sorted together, a day counts from its midnight."""
    if isinstance(moment, datetime):
        return moment
    return timezone.make_aware(datetime(moment.year, moment.month, moment.day))


def changelog(request, page):
    entries = Paginator(changelog_entries(), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "self": page,
        "entries": entries,
        "board": IdeaBoardPage.objects.live().first(),
        "posts": posts(page, request, POSTS_SHOWN) if entries.number == 1 else [],
        "panels": [html for panel in CHANGELOG_PANELS if (html := panel(request, page))],
    }
    return TemplateResponse(request, "ideas/changelog_page.html", context)


def entry(request, page, pk: int):
    """One shipped idea's entry: its permalink, linked from the idea's page."""
    found = changelog_entries().filter(pk=pk).first()
    if found is None:
        raise Http404
    context = {"page": page, "self": page, "entry": found, "board": IdeaBoardPage.objects.live().first()}
    return TemplateResponse(request, "ideas/changelog_entry.html", context)


class ChangelogFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, page):
        super().__init__()
        self.page = page
        self.board = IdeaBoardPage.objects.live().first()

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.page.title

    def link(self):
        return self.page.get_url(self.request)

    def subtitle(self):
        return self.page.intro

    def items(self):
        """Release posts and shipped ideas together, newest first."""
        shipped = [
            Post(
                title=entry.idea.title,
                url=self.board.idea_url(entry.idea, self.request) if self.board else self.page.get_url(self.request),
                published=entry.created_at,
                summary=render_markdown(entry.message),
                guid=f"tandem-status-change-{entry.pk}",
                template="",
                item=entry,
            )
            for entry in changelog_entries()[:PER_PAGE]
        ]
        # A post's summary is plain text; the feed's descriptions are HTML.
        releases = [replace(post, summary=escape(post.summary)) for post in posts(self.page, self.request, PER_PAGE)]
        return sorted([*shipped, *releases], key=lambda post: _as_datetime(post.published), reverse=True)[:PER_PAGE]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_link(self, post):
        return post.url

    def item_guid(self, post):
        return post.guid

    item_guid_is_permalink = False

    def item_pubdate(self, post):
        return _as_datetime(post.published)

    def item_updateddate(self, post):
        return _as_datetime(post.published)


def feed(request, page):
    """The changelog as an Atom feed."""
    return ChangelogFeed(page)(request)
