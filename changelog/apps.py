from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangelogConfig(AppConfig):
    """Release posts on the changelog, and the people who get them by email. What it
    plugs into the layers below is listed in changelog/extensions.py."""

    name = "changelog"
    verbose_name = _("Changelog")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from changelog import services
        from changelog.models import ReleasePage

        # Published from the admin, a schedule or a script: each way is Wagtail's signal.
        page_published.connect(services.release_published, sender=ReleasePage, dispatch_uid="changelog.published")
