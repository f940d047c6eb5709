"""Privacy: a member downloads everything Tandem holds about them, or deletes their account.

Each app declares, next to its models, a Part: which of its models hold rows about a
member, how to export them, and how to erase them. Deleting an account keeps the
account row as an anonymous "former member" (so votes stay counted and the content
they chose to leave keeps an author) while every piece of personal data goes; with
remove_content, what they wrote goes too.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import outbox
from community.changes import changed
from community.errors import InvalidInput, NotAllowed, ServiceError
from community.members.segments import customer_data_changed
from community.models import DataExport, ErasedIdentity, User
from community.notifications.topics import ACCOUNT
from community.plugins import Point

FORMAT = "tandem-export-1"
EXPORT_DAYS = 7
PERMISSION = "community.handle_privacy_requests"


@dataclass(frozen=True)
class Part:
    """What one app holds about a member: `models` names every model whose rows it
    covers (a test checks that no model pointing at members is left out)."""

    key: str
    models: tuple[type[models.Model], ...]
    export: Callable[[User], object]
    erase: Callable[[User, bool], None]  # (member, remove_content); call inside a transaction


PARTS: Point[Part] = Point("privacy parts", Part)


def parts() -> list[Part]:
    return list(PARTS)


class ExportPending(ServiceError):
    code = "export_pending"
    status = 409
    default_message = gettext_lazy("Your download is being prepared: we will tell you when it is ready.")


def request_export(member: User, by: User | None = None) -> DataExport:
    """Queues the member's download (one at a time); they are told when it is ready."""
    from community import tasks

    by = by or member
    if by.pk != member.pk and not by.has_perm(PERMISSION):
        raise NotAllowed()
    if not member.is_active:
        raise NotAllowed()
    with transaction.atomic():
        if DataExport.objects.select_for_update().filter(member=member, status=DataExport.Status.PENDING).exists():
            raise ExportPending()
        export = DataExport.objects.create(member=member, requested_by=by)
        outbox.enqueue(tasks.build_export, export.pk)
    return export


def collect(member: User) -> dict:
    """Everything about the member, as one JSON-ready document."""
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        **{part.key: part.export(member) for part in PARTS},
    }


def build_export(export_id: int) -> bool:
    """Writes the file and tells the member; a retried task finds it done. Returns
    whether this call built it."""
    from community.notifications.services import Message, notify

    export = DataExport.objects.select_related("member").get(pk=export_id)
    if export.status != DataExport.Status.PENDING:
        return False
    document = json.dumps(collect(export.member), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    name = f"tandem-{export.member_id}-{secrets.token_urlsafe(16)}.json"
    export.file.save(name, ContentFile(document.encode()), save=False)
    now = timezone.now()
    export.status, export.ready_at, export.expires_at = DataExport.Status.READY, now, now + timedelta(days=EXPORT_DAYS)
    export.save(update_fields=["file", "status", "ready_at", "expires_at"])
    url = export_url(export)

    def render(member) -> Message:
        body = _("Download it within %(days)d days; you need to be signed in.") % {"days": EXPORT_DAYS}
        return Message(title=_("Your data is ready to download"), body=body, url=url)

    notify([export.member], topic=ACCOUNT, event_key=f"export:{export.pk}", render=render)
    return True


def export_url(export: DataExport) -> str:
    from django.urls import reverse

    return reverse("privacy_download", args=[export.pk])


def downloadable(member: User, export_id: int) -> DataExport:
    """The member's own ready, unexpired export; anything else is not found."""
    return DataExport.objects.get(
        pk=export_id, member=member, status=DataExport.Status.READY, expires_at__gt=timezone.now()
    )


def remove_expired_exports() -> int:
    expired = DataExport.objects.filter(expires_at__lte=timezone.now())
    count = 0
    for export in expired:
        delete_export_file(export)
        export.delete()
        count += 1
    return count


def delete_export_file(export: DataExport) -> None:
    """The export's file, from storage (the row is the caller's)."""
    if export.file:
        export.file.storage.delete(export.file.name)


def delete_account(member: User, *, by: User, confirm_email: str, remove_content: bool) -> User:
    """Turns the account into an anonymous former member, in one transaction.

    The member (or staff with the privacy permission, on their request) confirms by
    typing the account's email address.
    """
    if by.pk != member.pk and not by.has_perm(PERMISSION):
        raise NotAllowed()
    if member.deleted_at is not None:
        raise NotAllowed(_("This account is already deleted."))
    if confirm_email.strip().lower() != member.email.lower():
        raise InvalidInput(confirm_email=[_("Type the account's email address to confirm.")])
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        for part in reversed(list(PARTS)):  # features first, the community layer last
            part.erase(member, remove_content)
        anonymise(member)
    return member


def _erased_digest(value: str) -> str:
    return salted_hmac("tandem.privacy.erased", value.strip().lower()).hexdigest()


def was_erased(*, email: str = "", external_id: str = "") -> bool:
    """Whether a deleted account had this address or CRM id: staff and integrations
    must not bring back an account its owner deleted."""
    digests = [_erased_digest(value) for value in (email, f"crm:{external_id}" if external_id else "") if value]
    return bool(digests) and ErasedIdentity.objects.filter(digest__in=digests).exists()


def anonymise(member: User) -> None:
    """The account row itself: nothing personal stays, nobody can sign in with it."""
    for value in (member.email, f"crm:{member.external_id}" if member.external_id else ""):
        if value:
            ErasedIdentity.objects.get_or_create(digest=_erased_digest(value))
    if member.avatar:
        member.avatar.storage.delete(member.avatar.name)
    member.email = f"former-member-{member.pk}@deleted.invalid"
    member.display_name = member.first_name = member.last_name = member.bio = ""
    member.avatar = ""
    had_customer_data = member.segment_id is not None or member.customer_value is not None
    member.segment, member.customer_value, member.external_id = None, None, None
    member.company_profile = {}
    member.set_unusable_password()
    member.is_active = member.is_staff = member.is_superuser = False
    member.last_login = None
    member.deleted_at = timezone.now()
    member.suspended_at = member.suspended_until = None
    member.suspension_reason = ""
    member.save()
    changed(member)  # their name leaves shared pages at once, not in a few seconds
    if had_customer_data:
        customer_data_changed([member.pk])
    member.groups.clear()
    member.user_permissions.clear()
