from community.models.follows import Follow
from community.models.members import User
from community.models.moderation import (
    Flag,
    Moderated,
    ModeratedQuerySet,
    ModerationEdit,
    ModerationPolicy,
    ModerationState,
)
from community.models.notifications import Notification
from community.models.pages import HomePage, StandardPage
from community.models.site_settings import BrandingSettings

__all__ = [
    "BrandingSettings",
    "Flag",
    "Follow",
    "HomePage",
    "Moderated",
    "ModeratedQuerySet",
    "ModerationEdit",
    "ModerationPolicy",
    "ModerationState",
    "Notification",
    "StandardPage",
    "User",
]
