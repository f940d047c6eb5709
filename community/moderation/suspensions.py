"""Suspending members: they keep reading, stop writing, and are told why and until when.

Every suspension and reinstatement is logged with Wagtail's log entries (who, what,
why) and announced to the member in the notification centre.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from community.errors import InvalidInput, NotAllowed
from community.models import User
from community.notifications.services import Message, notify
from community.notifications.topics import ACCOUNT
from community.rules import clean_text, suspension_message

SUSPEND = "tandem.suspend"
REINSTATE = "tandem.reinstate"


def suspend(member: User, by: User, reason: str, until: datetime | None = None) -> User:
    """Suspends the member until `until`, or for good when it is None."""
    if not by.has_perm("community.suspend_member"):
        raise NotAllowed()
    if member.pk == by.pk or member.is_superuser:
        raise NotAllowed(_("You cannot suspend yourself or an administrator."))
    reason = clean_text("reason", reason, 1_000, required=True)
    if until is not None and until <= timezone.now():
        raise InvalidInput(until=[_("Choose a time in the future, or leave it empty to suspend for good.")])
    now = timezone.now()
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(suspended_at=now, suspended_until=until, suspension_reason=reason)
        member.refresh_from_db()
        log(instance=member, action=SUSPEND, user=by, data={"reason": reason, "until": until and until.isoformat()})
        transaction.on_commit(
            lambda: notify(
                [member],
                topic=ACCOUNT,
                event_key=f"suspended:{member.pk}:{now.isoformat()}",
                render=lambda recipient: Message(
                    title=_("Your account is suspended"), body=suspension_message(member), url=""
                ),
            )
        )
    return member


def reinstate(member: User, by: User) -> User:
    if not by.has_perm("community.suspend_member"):
        raise NotAllowed()
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(suspended_at=None, suspended_until=None, suspension_reason="")
        member.refresh_from_db()
        log(instance=member, action=REINSTATE, user=by)
        transaction.on_commit(
            lambda: notify(
                [member],
                topic=ACCOUNT,
                event_key=f"reinstated:{member.pk}:{timezone.now().isoformat()}",
                render=lambda recipient: Message(
                    title=_("Your account is active again"), body=_("You can write again. Welcome back."), url=""
                ),
            )
        )
    return member
