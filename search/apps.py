from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search interface over two engines: the database, or Elasticsearch."""

    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import indexing, registry

        for kind in registry.kinds():
            indexing.connect(kind)
