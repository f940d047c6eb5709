"""Staff protect their accounts with a second factor before they use the admin."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    """Sends staff without an authenticator app to set one up before any admin page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_mfa(request):
            messages.warning(request, _("Please set up two-factor authentication before using the admin."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _needs_mfa(request) -> bool:
        if not settings.STAFF_REQUIRE_MFA or not request.path.startswith("/admin/"):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
