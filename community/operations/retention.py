"""Old records removed, or their personal part blanked, after the periods an operator
chose (RETENTION_* settings, 0 keeps them): read notifications, finished webhook
deliveries, sign-in attempt logs, failed exports, and the address consent changes came
from (the change itself is proof of consent and stays). Run by beat daily
(community.tasks.apply_retention) and by `manage.py apply_retention`; the privacy page
states the periods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from community.models import ApiKeyUse, ConsentChange, DataExport, Notification, SsoTokenUse, WebhookDelivery
from community.operations import heartbeats

BATCH = 5000  # rows per statement, so that no delete holds its locks for long


@dataclass(frozen=True)
class Rule:
    name: str
    setting: str  # the number of days, from settings
    apply: Callable[[datetime], int]
    text: StrPromise  # for the privacy page, with %(days)s

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))


def _delete_in_batches(found: QuerySet[Model]) -> int:
    model = found.model
    removed = 0
    while ids := list(found.values_list("pk", flat=True)[:BATCH]):
        model._default_manager.filter(pk__in=ids).delete()
        removed += len(ids)
    return removed


def _read_notifications(before: datetime) -> int:
    return _delete_in_batches(Notification.objects.filter(read_at__lt=before))


def _webhook_deliveries(before: datetime) -> int:
    done = [WebhookDelivery.State.DELIVERED, WebhookDelivery.State.FAILED]
    return _delete_in_batches(WebhookDelivery.objects.filter(state__in=done, created_at__lt=before))


def _sign_in_logs(before: datetime) -> int:
    return (
        _delete_in_batches(AccessAttempt.objects.filter(attempt_time__lt=before))
        + _delete_in_batches(AccessLog.objects.filter(attempt_time__lt=before))
        + _delete_in_batches(AccessFailureLog.objects.filter(attempt_time__lt=before))
    )


def _failed_exports(before: datetime) -> int:
    return _delete_in_batches(DataExport.objects.filter(status=DataExport.Status.FAILED, created_at__lt=before))


def _api_key_uses(before: datetime) -> int:
    return _delete_in_batches(ApiKeyUse.objects.filter(created_at__lt=before))


def _consent_addresses(before: datetime) -> int:
    return ConsentChange.objects.filter(created_at__lt=before, ip_address__isnull=False).update(ip_address=None)


RULES = [
    Rule(
        "read notifications", "RETENTION_READ_NOTIFICATIONS_DAYS", _read_notifications,
        _("Notifications you have read are deleted %(days)s days after you read them."),
    ),
    Rule(
        "finished webhook deliveries", "RETENTION_WEBHOOK_DELIVERIES_DAYS", _webhook_deliveries,
        _("Copies of what was sent to the company's other systems are deleted after %(days)s days."),
    ),
    Rule(
        "sign-in attempt logs", "RETENTION_SIGN_IN_LOG_DAYS", _sign_in_logs,
        _("Records of sign-ins and failed sign-ins, with their network address, are deleted after %(days)s days."),
    ),
    Rule(
        "failed exports", "RETENTION_FAILED_EXPORTS_DAYS", _failed_exports,
        _("Data downloads that could not be prepared are deleted after %(days)s days; ready ones after 7 days."),
    ),
    Rule(
        "addresses in the consent log", "RETENTION_CONSENT_ADDRESS_DAYS", _consent_addresses,
        _("The network address a change of your email choices came from is erased after %(days)s days; "
          "the change itself is kept as the record of your consent."),
    ),
    Rule(
        "writes made with API keys", "RETENTION_API_KEY_USES_DAYS", _api_key_uses,
        _("The record of what your API keys wrote is deleted after %(days)s days."),
    ),
]  # fmt: skip


def apply(now: datetime | None = None) -> dict[str, int]:
    """What each rule removed or blanked; rules set to 0 days are skipped."""
    now = now or timezone.now()
    done = {rule.name: rule.apply(now - timedelta(days=rule.days)) for rule in RULES if rule.days > 0}
    done["forgotten workers"] = heartbeats.forget_old()
    # A sign-in token's one-time id is needed only while the token could still be used.
    done["used sign-in tokens"] = _delete_in_batches(
        SsoTokenUse.objects.filter(expires_at__lt=now - timedelta(hours=1))
    )
    return done


def periods() -> list[tuple[str, int]]:
    """(what, days; 0 for kept) for the command."""
    return [(rule.name, rule.days) for rule in RULES]


def statements() -> list[str]:
    """The privacy page's sentences, for the periods that apply."""
    return [str(rule.text) % {"days": rule.days} for rule in RULES if rule.days > 0]
