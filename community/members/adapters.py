"""How allauth talks to members: in the community's own name."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from wagtail.models import Site

from community.members import security
from community.models import BrandingSettings
from community.operations.client import client_ip


def community_identity(request) -> SimpleNamespace:
    """The name and host emails speak for: the branding's community name, else the site's."""
    site = Site.find_for_request(request) if request is not None else None
    name = ""
    if site is not None:
        name = BrandingSettings.for_site(site).community_name or site.site_name
    domain = request.get_host() if request is not None else (site.hostname if site else "localhost")
    return SimpleNamespace(name=name or "Tandem", domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's sign-in limits count the address everything else counts (PROXY_COUNT)."""
        return client_ip(request)

    def is_login_by_code_required(self, login) -> bool:
        """An address under attack (community.members.security) signs in with its
        password and a code emailed to it; other ways in (a code already) need none."""
        if super().is_login_by_code_required(login):
            return True
        records = get_authentication_records(self.request, login.user) if login.user is not None else []
        by_password = bool(records) and records[-1]["method"] == "password"
        return by_password and security.needs_emailed_code(login.user.email)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's emails say "Hello from {{ current_site.name }}": that should be the
        # community, not the bare host name Django's RequestSite would give.
        request = allauth_context.request
        super().send_mail(template_prefix, email, {"current_site": community_identity(request), **context})
