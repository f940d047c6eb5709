"""/api/v1/webhooks/: the company's systems subscribe themselves to Tandem's events, with
an integration key that has the `webhooks` scope (or a staff session with the permission)."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from community.api import InputSchema, NotFound, ObjectId
from community.errors import NotAllowed
from community.keys.auth import member_or_key
from community.models import ApiKey, WebhookEndpoint
from community.webhooks import services

router = Router(tags=["webhooks"])
auth = member_or_key(ApiKey.Scope.WEBHOOKS)


class EndpointIn(InputSchema):
    name: str = Field(max_length=80, description="For you, e.g. “Jira backlog”.")
    url: str = Field(max_length=500, description="Where the events go (http or https, never a private address).")
    events: list[str] = Field(description="Event names, from GET /api/v1/webhooks/events/.")


class EndpointOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    is_active: bool
    created_at: datetime


class EndpointCreatedOut(EndpointOut):
    secret: str = Field(description="The signing secret (Standard Webhooks); shown once, here.")


class EventOut(Schema):
    name: str
    label: str


def _allowed(request) -> None:
    if not request.auth.has_perm("community.view_webhookendpoint"):
        raise NotAllowed(_("Only staff who manage webhooks can do this."))


@router.get("/events/", auth=auth, response=list[EventOut], summary="The events an endpoint may receive")
def events(request):
    return [{"name": event.name, "label": str(event.label)} for event in services.events()]


@router.get("/", auth=auth, response=list[EndpointOut], summary="The endpoints")
def endpoints(request):
    _allowed(request)
    return list(WebhookEndpoint.objects.order_by("pk"))


@router.post("/", auth=auth, response={201: EndpointCreatedOut}, summary="Add an endpoint")
def create(request, payload: EndpointIn):
    endpoint = services.create_endpoint(request.auth, name=payload.name, url=payload.url, events=payload.events)
    return Status(201, endpoint)


@router.delete("/{int:endpoint_id}/", auth=auth, response={204: None}, summary="Remove an endpoint")
def delete(request, endpoint_id: ObjectId):
    _allowed(request)
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(_("There is no such endpoint."))
    services.delete_endpoint(request.auth, endpoint)
    return Status(204, None)
