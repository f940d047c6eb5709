"""Who counts as staff: everyone who may open the Wagtail admin."""

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from community.models import User

ADMIN_ACCESS = Q(content_type__app_label="wagtailadmin", codename="access_admin")


def staff_members() -> QuerySet[User]:
    """Active members who may use the admin (superusers, and through a group or their own permission)."""
    access = Permission.objects.filter(ADMIN_ACCESS)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=access) | Q(user_permissions__in=access))
        .distinct()
        .order_by("display_name", "email")
    )
