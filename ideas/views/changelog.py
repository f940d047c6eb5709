"""The changelog page and its Atom feed: what shipped, in the team's words."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed

from community.markdown import render_markdown
from ideas.models import IdeaBoardPage
from ideas.queries import changelog_entries

PER_PAGE = 20


def changelog(request, page):
    entries = Paginator(changelog_entries(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "self": page, "entries": entries, "board": IdeaBoardPage.objects.live().first()}
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
        return changelog_entries()[:PER_PAGE]

    def item_title(self, entry):
        return entry.idea.title

    def item_description(self, entry):
        return render_markdown(entry.message)

    def item_link(self, entry):
        if self.board is None:
            return self.page.get_url(self.request)
        return self.board.idea_url(entry.idea, self.request)

    def item_guid(self, entry):
        return f"tandem-status-change-{entry.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.created_at

    def item_updateddate(self, entry):
        return entry.created_at


def feed(request, page):
    """The changelog as an Atom feed."""
    return ChangelogFeed(page)(request)
