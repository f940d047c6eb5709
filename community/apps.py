from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Members, site pages, notifications and moderation: the layer every feature uses."""

    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from community import page_cache, plugins
        from community.identity import oidc  # noqa: F401  (its receivers apply providers' claims)
        from community.members import receivers  # noqa: F401  (importing receivers connects them)
        from community.notifications import bounces  # noqa: F401  (the provider's bounce reports)

        plugins.discover()  # every app's extensions module, this one's included
        page_cache.register()
        self._forget_endpoints_on_change()

    def _forget_endpoints_on_change(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from community.models import WebhookEndpoint
        from community.webhooks.services import forget_active_settings

        for signal in (post_save, post_delete):
            signal.connect(forget_active_settings, sender=WebhookEndpoint, dispatch_uid=f"webhooks-{signal}")
