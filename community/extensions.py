"""What the community layer gives its own extension points, like any app: its part of
each member's privacy download and timeline, the news panel on the home page, and the
demo's buyer types."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from community import demo, home
from community.models import (
    ChannelPreference,
    ConsentChange,
    DataExport,
    DigestDelivery,
    Flag,
    Follow,
    Notification,
    ReputationEvent,
    User,
)
from community.notifications import topics
from community.privacy import parts
from community.privacy import services as privacy
from community.profiles import reputation, timeline
from community.profiles import services as profiles

privacy.PARTS.add(
    privacy.Part("reputation", (ReputationEvent,), parts.reputation, parts.erase_reputation),
    privacy.Part("account", (User, EmailAddress, SocialAccount, Authenticator), parts.account, parts.erase_account),
    privacy.Part(
        "notifications",
        (ChannelPreference, ConsentChange, Notification, DigestDelivery, Follow, Flag, DataExport),
        parts.notifications,
        parts.erase_notifications,
    ),
)
profiles.TIMELINE_SOURCES.add(timeline.timeline)
home.PANELS.add(home.HomePanel(home.updates, order=10))
demo.FINISHERS.add(demo.classify_members)
topics.TOPICS.add(topics.ACCOUNT)
reputation.BADGES.add(reputation.TRUSTED_VOICE)
