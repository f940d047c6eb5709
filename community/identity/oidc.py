"""Sign-in with the company's identity provider (Keycloak, Entra ID, Okta, Auth0): allauth's
OpenID Connect provider, one Social login entry per provider. What the provider says of
the member is applied at every sign-in through the claims staff mapped on that entry:

    settings = {"server_url": "https://id.example.com/realms/acme", "oauth_pkce_enabled": true,
                "claims": {"external_id": "crm_id", "segment": "tier", "value": "arr", "products": "products"}}

"name" and "language" ("locale") are read as the standard claims say.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_signed_up
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.dispatch import receiver

from community.identity import services

PROVIDER = "openid_connect"
MAPPED = ("external_id", "segment", "value", "products")


def provider_claims(sociallogin: SocialLogin) -> dict[str, Any] | None:
    """The claims to apply, by Tandem's names; None when the sign-in is not OpenID Connect."""
    account = sociallogin.account
    if account.provider != PROVIDER and account.provider not in _oidc_provider_ids():
        return None
    app = account.get_provider().app
    data = account.extra_data.get("userinfo") or account.extra_data.get("id_token") or account.extra_data
    mapping = (app.settings or {}).get("claims") or {}
    claims: dict[str, Any] = {name: data[mapping[name]] for name in MAPPED if mapping.get(name) in data}
    if data.get("name"):
        claims["name"] = data["name"]
    if data.get("locale"):
        claims["language"] = data["locale"]
    return claims


def _oidc_provider_ids() -> set[str]:
    from allauth.socialaccount.models import SocialApp

    return set(SocialApp.objects.filter(provider=PROVIDER).values_list("provider_id", flat=True))


def apply(sociallogin: SocialLogin) -> None:
    claims = provider_claims(sociallogin)
    if claims is not None and sociallogin.user.pk:
        app = sociallogin.account.get_provider().app
        services.apply_provider_claims(sociallogin.user, claims, source=app.name)


@receiver(user_signed_up)
def on_sign_up(sender, request, user, sociallogin: SocialLogin | None = None, **kwargs) -> None:
    if sociallogin is not None:
        apply(sociallogin)


@receiver(social_account_added)
@receiver(social_account_updated)
def on_sign_in(sender, request, sociallogin: SocialLogin, **kwargs) -> None:
    apply(sociallogin)
