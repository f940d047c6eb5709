from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search interface over engines: the database, Elasticsearch or OpenSearch. What it
    plugs into the community layer is listed in search/extensions.py."""

    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from search import indexing, registry

        for kind in registry.kinds():  # deletions, cascades included (search/indexing.py)
            post_delete.connect(indexing.deleted, sender=kind.model, dispatch_uid=f"search-deleted-{kind.name}")
