"""Writes made with an API key are recorded against the key (its owner's timeline shows
them), whatever they answered."""

from community.keys import services

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class KeyUseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "api_key", None)
        if key is not None and request.method in WRITES:
            services.record_use(key, request.method, request.path, response.status_code)
        return response
