"""Signal handlers: allauth tells us about sign-ups and verifications here."""

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from community import outbox
from community.tasks import send_welcome_email


@receiver(email_confirmed)
def welcome_verified_member(sender, request, email_address, **kwargs) -> None:
    """Queues the welcome email, in the member's language; it goes out once per member."""
    outbox.enqueue(send_welcome_email, email_address.user_id, translation.get_language() or "en")


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs) -> None:
    """Emails speak the language the member last used the site in."""
    if "language" in user.company_profile:
        return  # the company's app says which language the member speaks (community.identity)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language in dict(settings.LANGUAGES) and language != user.language:
        type(user).objects.filter(pk=user.pk).update(language=language)
