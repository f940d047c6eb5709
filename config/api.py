"""The public REST API at /api/v1/: one NinjaAPI, each feature app adds its router.

OpenAPI schema at /api/v1/openapi.json, interactive docs at /api/v1/docs.
"""

from community.api import Api, install_error_handlers
from community.notifications.api import router as me_router
from community.webhooks.api import router as webhooks_router
from ideas.api import router as ideas_router
from ideas.api import vocabulary_router as ideas_vocabulary_router
from ideas.capture.api import router as captures_router
from reviews.api import products_router, reviews_router
from search.api import router as search_router
from triage.api import router as triage_router

api = Api(
    title="Tandem API",
    version="1",
    description=(
        "Ideas, votes, comments, products and reviews of this Tandem community. Reading is open to everyone; "
        "what a member does needs the member: either an API key in `Authorization: Bearer tdm_…` (members make "
        "access tokens under Profile → API keys, staff make integration keys in the admin; a key works within "
        "its scopes: `read` for reading as its owner, `write` for posting, voting, commenting and following, "
        "`triage` for the triage desk, `capture` for recording customers' feedback on their behalf, `webhooks` "
        "for managing webhooks; a missing scope is a 403 `missing_scope` naming it, a wrong, expired or "
        "revoked key a 401 `invalid_key`; each key has its own rate limit), or the session cookie of a "
        "signed-in, verified member plus the CSRF token (cookie `csrftoken`) in the `X-CSRFToken` header. Errors are "
        "`application/problem+json` documents with a stable `code` and, for bad input, `errors` by field."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/ideas/", ideas_router)
api.add_router("/", ideas_vocabulary_router)
api.add_router("/products/", products_router)
api.add_router("/reviews/", reviews_router)
api.add_router("/search/", search_router)
api.add_router("/me/", me_router)
api.add_router("/triage/", triage_router)
api.add_router("/captures/", captures_router)
api.add_router("/webhooks/", webhooks_router)
