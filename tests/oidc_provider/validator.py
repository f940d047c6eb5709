from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """The claims a company's identity provider adds: the CRM id and the customer's tier."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "email_verified": "email",
        "crm_id": "profile",
        "customer_tier": "profile",
    }

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "name": f"{user.first_name} {user.last_name}",
            "crm_id": f"ACME-{user.pk:04d}",
            "customer_tier": user.last_name and "Enterprise",
        }
