"""Who may use the triage desk: product managers, through one permission."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem

from triage.services import PERMISSION


class TriageOnly:
    """For admin views: refuses everyone without the triage permission."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TriageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)
