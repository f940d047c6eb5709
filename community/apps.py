from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Members, site pages, notifications and moderation: the layer every feature uses."""

    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from community.members import receivers  # noqa: F401  (importing receivers connects them)
        from community.privacy import parts as privacy_parts
        from community.profiles import timeline

        timeline.register()
        privacy_parts.register()

        from community import page_cache

        page_cache.register()

        from community import demo, home

        home.register()
        demo.register_finisher(demo.classify_members)
