"""The site's own URLs, plus a bare view answering a constant JSON body: what Django
alone costs on this machine, behind the same gunicorn and middleware."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as site

BARE_PATH = "bench/bare/"


def bare(request):
    return JsonResponse({"ok": True, "service": "tandem"})


urlpatterns = [path(BARE_PATH, bare), *site]
