"""The idea board at /ideas/: a Wagtail page whose routes hand over to ideas.views."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from community.routing import to_view


class IdeaBoardPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    ideas_per_page = models.PositiveSmallIntegerField(_("ideas per page"), default=20)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("ideas_per_page")]
    parent_page_types = ["community.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("idea board")

    # Each route names its view (community.routing: models never import views).
    board = path("")(to_view("ideas.views.board.board"))
    similar = path("similar/")(to_view("ideas.views.board.similar"))
    new = path("new/", name="new")(to_view("ideas.views.submit.submit"))
    detail = path("<int:pk>/")(path("<int:pk>-<slug:slug>/")(to_view("ideas.views.detail.detail")))
    edit = path("<int:pk>/edit/")(to_view("ideas.views.submit.edit"))
    vote = path("<int:pk>/vote/")(to_view("ideas.views.actions.vote"))
    follow = path("<int:pk>/follow/")(to_view("ideas.views.actions.follow"))
    comment = path("<int:pk>/comment/")(to_view("ideas.views.actions.comment"))
    accept = path("<int:pk>/comments/<int:comment_pk>/accept/")(to_view("ideas.views.actions.accept"))
    edit_comment = path("<int:pk>/comments/<int:comment_pk>/edit/")(to_view("ideas.views.actions.edit_comment"))
    react = path("<int:pk>/comments/<int:comment_pk>/react/")(to_view("ideas.views.actions.react"))
    mentionable = path("<int:pk>/mentionable/")(to_view("ideas.views.actions.mentionable"))

    def idea_url(self, idea, request=None) -> str:
        return f"{self.get_url(request)}{idea.pk}-{idea.slug}/"

    @classmethod
    def idea_url_outside(cls, idea, request=None) -> str:
        """An idea's page from code that has no board at hand (the API, notifications,
        moderation); with a request, the board's address is looked up once per request.
        Empty when the site has no idea board."""
        if request is not None and hasattr(request, "_idea_board_url"):
            board_url = request._idea_board_url
        else:
            board_url = cls._live_board_url(request)
            if request is not None:
                request._idea_board_url = board_url
        return cls._idea_url(board_url, idea)

    @classmethod
    def idea_urls_outside(cls):
        """idea_url_outside for many ideas: the board's address is looked up once."""
        board_url = cls._live_board_url()
        return lambda idea: cls._idea_url(board_url, idea)

    @classmethod
    def _live_board_url(cls, request=None) -> str:
        """Kept in the cache until a page changes (the "pages" generation of community.page_cache):
        every API answer and notification about an idea links to it."""
        from community import page_cache

        host = request.get_host() if request is not None else ""
        key = f"idea-board-url:{page_cache.generation('pages')}:{host}"
        url = cache.get(key)
        if url is None:
            board = cls.objects.live().first()
            url = board.get_url(request) if board else ""
            cache.set(key, url, timeout=600)
        return url

    @staticmethod
    def _idea_url(board_url: str, idea) -> str:
        return f"{board_url}{idea.pk}-{idea.slug}/" if board_url else ""


class RoadmapPage(Page):
    """/roadmap/: what is planned, what is being built, what shipped lately."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    open_shown = models.PositiveSmallIntegerField(
        _("planned and in-progress ideas shown"), default=30, help_text=_("Per column, the most-voted first.")
    )
    shipped_shown = models.PositiveSmallIntegerField(_("shipped ideas shown"), default=10)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("open_shown"), FieldPanel("shipped_shown")]
    parent_page_types = ["community.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("roadmap")

    def get_context(self, request, *args, **kwargs):
        from ideas.queries import roadmap_columns

        context = super().get_context(request, *args, **kwargs)
        context["board"] = IdeaBoardPage.objects.live().first()
        context["columns"] = roadmap_columns(open_limit=self.open_shown, shipped_limit=self.shipped_shown)
        return context


class ChangelogPage(RoutablePageMixin, Page):
    """/changelog/: every idea that shipped, with the team's message, the posts apps add
    (release posts live below it: their page type names this one as its parent); an Atom
    feed too."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("changelog")

    entries = path("", name="entries")(to_view("ideas.views.changelog.changelog"))
    entry = path("<int:pk>/")(to_view("ideas.views.changelog.entry"))
    feed = path("feed/")(to_view("ideas.views.changelog.feed"))
