"""/api/v1/me/: a signed-in member's notifications and channel choices, for apps that
show them elsewhere. HTTP only; community.notifications.services and community.notifications.channels decide."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from community.api import InputSchema, NotFound, ObjectId, Pages, member_auth
from community.models import Channel, ConsentChange, Notification
from community.notifications import channels
from community.notifications import services as notifications
from community.notifications.topics import get_topic
from community.operations.client import client_ip
from community.ratelimits import enforce_write_limit

router = Router(tags=["me"], auth=member_auth)
WRITE_GROUP = "notifications"  # shared with the pages


class NotificationOut(Schema):
    id: int
    topic: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class UnreadOut(Schema):
    unread: int


class TopicOut(Schema):
    topic: str
    label: str
    channel: str
    allowed: list[str]


class ConsentOut(Schema):
    topic: str
    previous: str
    channel: str
    source: str
    ip_address: str | None = Field(None, description="Where the change came from; blanked after the retention period.")
    created_at: datetime


class SettingsOut(Schema):
    topics: list[TopicOut]
    history: list[ConsentOut]


class SettingsIn(InputSchema):
    channels: dict[str, str]


@router.get("/notifications/", response=list[NotificationOut], summary="Your notifications, newest first")
@paginate(Pages)
def list_notifications(request, unread: bool = False):
    mine = Notification.objects.filter(recipient=request.auth)
    return mine.filter(read_at__isnull=True) if unread else mine


@router.post("/notifications/read/", response=UnreadOut, summary="Mark all your notifications read")
def read_all(request):
    enforce_write_limit(request, WRITE_GROUP)
    notifications.mark_all_read(request.auth)
    return {"unread": 0}


@router.post("/notifications/{int:notification_id}/read/", response=UnreadOut, summary="Mark one read")
def read_one(request, notification_id: ObjectId):
    enforce_write_limit(request, WRITE_GROUP)
    try:
        notifications.mark_read(request.auth, notification_id)
    except Notification.DoesNotExist as error:
        raise NotFound(_("There is no notification with this number.")) from error
    return {"unread": notifications.unread_count(request.auth)}


def _settings(member) -> dict:
    chosen = channels.channels_of(member)
    return {
        "topics": [
            {
                "topic": topic,
                "label": str(get_topic(topic).label),
                "channel": channel,
                "allowed": list(get_topic(topic).allowed),
            }
            for topic, channel in chosen.items()
        ],
        "history": ConsentChange.objects.filter(member=member)[:50],
    }


@router.get("/notification-settings/", response=SettingsOut, summary="How you hear about each kind of news")
def get_settings(request):
    return _settings(request.auth)


@router.put(
    "/notification-settings/",
    response=SettingsOut,
    summary="Change how you hear about some kinds of news",
    description=f"`channels` maps topics to channels ({', '.join(Channel.values)}); each change is recorded.",
)
def put_settings(request, payload: SettingsIn):
    enforce_write_limit(request, WRITE_GROUP)
    channels.set_channels(
        request.auth, payload.channels, source=ConsentChange.Source.API, ip_address=client_ip(request)
    )
    return _settings(request.auth)
