"""Switching the language of the site, and of a member's emails."""

from django.conf import settings
from django.views.i18n import set_language as django_set_language

from community.models import User


def set_language(request):
    """Django's language switch, and for members also the language their emails speak."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
