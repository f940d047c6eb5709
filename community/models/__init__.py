from community.models.follows import Follow
from community.models.identity import AttributeChange, ConnectedApp, SsoTokenUse
from community.models.keys import ApiKey, ApiKeyUse
from community.models.members import User
from community.models.moderation import (
    Flag,
    Moderated,
    ModeratedQuerySet,
    ModerationEdit,
    ModerationPolicy,
    ModerationState,
)
from community.models.notifications import DigestDelivery, DigestRun, Notification
from community.models.outbox import Heartbeat, OutboxEntry
from community.models.pages import HomePage, StandardPage
from community.models.pictures import Picture
from community.models.preferences import Channel, ChannelPreference, ConsentChange
from community.models.privacy import DataExport, ErasedIdentity
from community.models.reputation import Archetype, ReputationEvent
from community.models.segments import Segment
from community.models.site_settings import BrandingSettings
from community.models.webhooks import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiKey",
    "ApiKeyUse",
    "Archetype",
    "AttributeChange",
    "BrandingSettings",
    "Channel",
    "ChannelPreference",
    "ConnectedApp",
    "ConsentChange",
    "DataExport",
    "DigestDelivery",
    "DigestRun",
    "ErasedIdentity",
    "Flag",
    "Follow",
    "Heartbeat",
    "HomePage",
    "Moderated",
    "ModeratedQuerySet",
    "ModerationEdit",
    "ModerationPolicy",
    "ModerationState",
    "Notification",
    "OutboxEntry",
    "Picture",
    "ReputationEvent",
    "Segment",
    "SsoTokenUse",
    "StandardPage",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
