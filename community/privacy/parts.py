"""What the community layer holds about a member, for privacy.collect and delete_account."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from community.models import (
    ApiKey,
    ApiKeyUse,
    AttributeChange,
    ChannelPreference,
    ConsentChange,
    DataExport,
    DigestDelivery,
    Flag,
    Follow,
    Notification,
    Picture,
    ReputationEvent,
    User,
)
from community.notifications import channels
from community.pictures import services as picture_services
from community.privacy.services import Part, delete_export_file


def account(member: User) -> dict:
    return {
        "email": member.email,
        "display_name": member.display_name,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "bio": member.bio,
        "picture": member.avatar.name if member.avatar else None,
        "language": member.language,
        "date_joined": member.date_joined,
        "last_login": member.last_login,
        "segment": member.segment.name if member.segment else None,
        "customer_value": member.customer_value,
        "crm_id": member.external_id,
        "from_the_company_app": member.company_profile,
        "suspended_at": member.suspended_at,
        "suspended_until": member.suspended_until,
        "suspension_reason": member.suspension_reason,
        "email_addresses": list(EmailAddress.objects.filter(user=member).values("email", "verified", "primary")),
        "social_accounts": list(
            SocialAccount.objects.filter(user=member).values("provider", "uid", "date_joined", "last_login")
        ),
        # Which second factors exist, never their secrets.
        "second_factors": list(Authenticator.objects.filter(user=member).values("type", "created_at", "last_used_at")),
        # Which API keys exist (never the keys) and what they wrote.
        "api_keys": list(
            ApiKey.objects.filter(owner=member).values(
                "name",
                "kind",
                "prefix",
                "scopes",
                "created_at",
                "expires_at",
                "last_used_at",
                "last_used_from",
                "revoked_at",
            )
        ),
        "api_key_writes": list(
            ApiKeyUse.objects.filter(key__owner=member).values("key__prefix", "method", "path", "status", "created_at")
        ),
        # What the company's app changed about the member (community.identity).
        "changes_by_connected_apps": list(
            AttributeChange.objects.filter(member=member).values("app__name", "attribute", "old", "new", "created_at")
        ),
    }


def erase_account(member: User, remove_content: bool) -> None:
    ApiKey.objects.filter(owner=member).delete()  # their uses go with them
    AttributeChange.objects.filter(member=member).delete()
    EmailAddress.objects.filter(user=member).delete()
    SocialAccount.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()


def notifications(member: User) -> dict:
    return {
        "channels": channels.channels_of(member),
        "consent_history": list(
            ConsentChange.objects.filter(member=member)
            .order_by("created_at")
            .values("created_at", "topic", "previous", "channel", "source", "ip_address")
        ),
        "notifications": list(
            Notification.objects.filter(recipient=member)
            .order_by("created_at")
            .values("created_at", "topic", "channel", "title", "body", "url", "read_at", "emailed_at")
        ),
        "digests": list(DigestDelivery.objects.filter(member=member).values("sent_at", "items", "run__rhythm")),
        "follows": [
            {"type": follow.content_type.model, "id": follow.object_id, "since": follow.created_at}
            for follow in Follow.objects.filter(member=member).select_related("content_type")
        ],
        "reports": list(
            Flag.objects.filter(reporter=member)
            .order_by("created_at")
            .values("created_at", "reason", "note", "outcome", "content_type__model", "object_id")
        ),
        "data_exports": list(DataExport.objects.filter(member=member).values("created_at", "status", "ready_at")),
    }


def erase_notifications(member: User, remove_content: bool) -> None:
    ChannelPreference.objects.filter(member=member).delete()
    Notification.objects.filter(recipient=member).delete()
    Follow.objects.filter(member=member).delete()  # after the apps took their counters back
    Flag.objects.filter(reporter=member).update(note="")  # the report counts; its words were theirs
    DigestDelivery.objects.filter(member=member).delete()
    for export in DataExport.objects.filter(member=member):
        delete_export_file(export)
        export.delete()
    # The consent history stays: it proves what was agreed, and no longer names anyone.


def reputation(member: User) -> dict:
    return {
        "points": member.reputation,
        "archetype": member.archetype,
        "awards": list(ReputationEvent.objects.filter(member=member).values("reason", "points", "created_at")),
    }


def erase_reputation(member: User, remove_content: bool) -> None:
    ReputationEvent.objects.filter(member=member).delete()
    User.objects.filter(pk=member.pk).update(reputation=0, archetype="other", archetype_computed_at=None)
    member.reputation, member.archetype, member.archetype_computed_at = 0, "other", None


def pictures(member: User) -> dict:
    return {
        "pictures": [
            {"post": picture.content_type.model, "post_id": picture.object_id, "file": picture.image.name,
             "description": picture.alt_text, "created_at": picture.created_at}
            for picture in Picture.objects.filter(uploaded_by=member).select_related("content_type")
        ]
    }  # fmt: skip


def erase_pictures(member: User, remove_content: bool) -> None:
    """Pictures stay with their posts, like the words; gone with them when asked."""
    if remove_content:
        for picture in Picture.objects.filter(uploaded_by=member):
            picture_services.delete_files(picture)
        Picture.objects.filter(uploaded_by=member).delete()


# Given to PARTS in community/extensions.py; delete_account erases them last, after the apps' parts.
REPUTATION = Part("reputation", (ReputationEvent,), reputation, erase_reputation)
ACCOUNT = Part(
    "account",
    (User, EmailAddress, SocialAccount, Authenticator, ApiKey, ApiKeyUse, AttributeChange),
    account,
    erase_account,
)
PICTURES = Part("pictures", (Picture,), pictures, erase_pictures)
NOTIFICATIONS = Part(
    "notifications",
    (ChannelPreference, ConsentChange, Notification, DigestDelivery, Follow, Flag, DataExport),
    notifications,
    erase_notifications,
)
