"""How allauth talks to members: in the community's own name."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from wagtail.models import Site

from community.models import BrandingSettings


def community_identity(request) -> SimpleNamespace:
    """The name and host emails speak for: the branding's community name, else the site's."""
    site = Site.find_for_request(request) if request is not None else None
    name = ""
    if site is not None:
        name = BrandingSettings.for_site(site).community_name or site.site_name
    domain = request.get_host() if request is not None else (site.hostname if site else "localhost")
    return SimpleNamespace(name=name or "Tandem", domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's emails say "Hello from {{ current_site.name }}": that should be the
        # community, not the bare host name Django's RequestSite would give.
        request = allauth_context.request
        super().send_mail(template_prefix, email, {"current_site": community_identity(request), **context})
