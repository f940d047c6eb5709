"""A real OpenID Connect provider for the sign-in tests: django-oauth-toolkit in a small
Django project of its own, run in its own process (`python -m tests.oidc_provider`),
standing for a company's Keycloak, Entra ID, Okta or Auth0."""
