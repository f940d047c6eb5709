"""Changelog subscriptions and the release emails: asking (double opt-in for a visitor,
at once for a member's own verified address), confirming, leaving, and each published
release post sent once to every subscription it concerns."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from changelog import tasks
from changelog.models import ReleaseDelivery, ReleasePage, Subscription
from community import emails, outbox
from community.errors import InvalidInput
from community.models import User

# A confirmation email goes to one address at most this often: asking again for
# someone else's address cannot flood their inbox.
CONFIRMATION_GAP = timedelta(minutes=10)
BATCH = 100


def subscribe(
    email: str, *, product=None, member: User | None = None, ip: str | None = None, language: str = ""
) -> Subscription:
    """Asks for release posts at this address (for one product, or all). A member's own
    verified address is subscribed at once; any other gets a confirmation email, and
    counts only once confirmed. The answer never tells whether the address was known."""
    email = " ".join(email.split()).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(email=[_("Enter a valid email address.")]) from None
    if product is not None and not product.live:
        raise InvalidInput(product=[_("This product is not available.")])
    own = member is not None and member.is_authenticated and _verified(member, email)
    now = timezone.now()
    with transaction.atomic():
        subscription = _row(email, product)
        if subscription.is_active:
            return subscription
        subscription.member = member if own else subscription.member
        subscription.language = language or settings.LANGUAGE_CODE
        subscription.asked_at, subscription.asked_from, subscription.ended_at = now, ip, None
        if own:
            subscription.confirmed_at, subscription.confirmed_from = now, ip
        else:
            subscription.confirmed_at = None
            recently = subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < CONFIRMATION_GAP
            if not recently:
                subscription.confirmation_sent_at = now
                outbox.enqueue(tasks.send_confirmation, subscription.pk)
        subscription.save()
    return subscription


def _row(email: str, product) -> Subscription:
    """The address's subscription for this product, locked (created when new)."""
    rows = Subscription.objects.select_for_update().filter(email=email, product=product)
    found = rows.first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Subscription.objects.create(email=email, product=product)
    except IntegrityError:  # asked twice at once
        return rows.get()


def _verified(member: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=member, email__iexact=email, verified=True).exists()


def confirm(token: str, ip: str | None = None) -> Subscription | None:
    """The visitor clicked the link in the confirmation email: from now on they get release posts."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(token=token).first()
        if subscription is None:
            return None
        if not subscription.is_active:
            subscription.confirmed_at, subscription.confirmed_from, subscription.ended_at = timezone.now(), ip, None
            subscription.save(update_fields=["confirmed_at", "confirmed_from", "ended_at"])
    return subscription


def unsubscribe(token: str) -> Subscription | None:
    """No more release posts for this subscription; the record of what was agreed stays."""
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is not None and subscription.ended_at is None:
        Subscription.objects.filter(pk=subscription.pk).update(ended_at=timezone.now())
        subscription.refresh_from_db()
    return subscription


def send_confirmation(subscription_id: int) -> bool:
    subscription = Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True).first()
    if subscription is None:
        return False
    with translation.override(subscription.language):
        context = {
            "subscription": subscription,
            "confirm_url": settings.BASE_URL + reverse("changelog_confirm", args=[subscription.token]),
            "product": subscription.product,
        }
        emails.render_email("changelog_confirm", context, to=subscription.email).send()
    return True


# --- Release posts -------------------------------------------------------------------------


def release_published(sender, instance: ReleasePage, **kwargs) -> None:
    """Wagtail published a release post: its emails go out after the commit, once each."""
    outbox.enqueue(tasks.announce_release, instance.pk)


def announce_release(release_id: int) -> int:
    """Makes one delivery for each active subscription the post concerns (all products,
    or its product) and queues them in batches; a second call adds only the new ones."""
    release = ReleasePage.objects.live().filter(pk=release_id).first()
    if release is None:
        return 0
    concerned = Q(product=None) | Q(product_id=release.product_id) if release.product_id else Q(product=None)
    active = Subscription.objects.filter(concerned, confirmed_at__isnull=False, ended_at__isnull=True)
    ReleaseDelivery.objects.bulk_create(
        [ReleaseDelivery(release=release, subscription_id=pk) for pk in active.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    waiting = list(
        ReleaseDelivery.objects.filter(release=release, sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(waiting), BATCH):
        outbox.enqueue(tasks.send_release_emails, waiting[start : start + BATCH])
    return len(waiting)


def send_release_emails(delivery_ids: list[int]) -> int:
    """Sends each delivery at most once (community.emails.send_once), over one connection."""
    from django.core.mail import get_connection

    sent = 0
    connection = get_connection()
    deliveries = ReleaseDelivery.objects.filter(pk__in=delivery_ids).select_related("release", "subscription")
    for delivery in deliveries:
        subscription, release = delivery.subscription, delivery.release.specific
        if not subscription.is_active:
            continue

        def send(subscription=subscription, release=release, delivery=delivery) -> None:
            unsubscribe_url = settings.BASE_URL + reverse("changelog_unsubscribe", args=[subscription.token])
            with translation.override(subscription.language):
                context = {
                    "release": release,
                    "ideas": list(release.included_ideas()),
                    "release_url": release.get_full_url(),
                    "board": _board(),
                    "base_url": settings.BASE_URL,
                    "unsubscribe_url": unsubscribe_url,
                }
                headers = {
                    "Message-ID": emails.message_id("release", release.pk, subscription.pk),
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                }
                message = emails.render_email("release", context, headers, to=subscription.email)
                message.connection = connection
                message.send()

        if emails.send_once(ReleaseDelivery.objects.filter(pk=delivery.pk), "claimed_at", "sent_at", send):
            sent += 1
    return sent


def _board():
    from ideas.models import IdeaBoardPage

    return IdeaBoardPage.objects.live().first()


def resend_stalled() -> int:
    """Queues again the release emails a dead worker left claimed. For beat."""
    stalled = ReleaseDelivery.objects.filter(sent_at__isnull=True, claimed_at__lt=emails.stale_claims())
    ids = list(stalled.values_list("pk", flat=True)[:1000])
    for start in range(0, len(ids), BATCH):
        outbox.enqueue(tasks.send_release_emails, ids[start : start + BATCH])
    return len(ids)
