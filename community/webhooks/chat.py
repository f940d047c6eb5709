"""Events as chat messages: a Slack message in Block Kit, or a Microsoft Teams card
(an Adaptive Card, as Teams' workflow webhooks take it). Each app says how its events
read (Event.describe, a Summary); this module knows only the two platforms' formats.

Slack takes an incoming-webhook address, or a bot token with a channel
(chat.postMessage, which answers 200 with "ok": false when it refuses).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import requests
from django.utils.translation import gettext as _

from community import crypto
from community.models import WebhookEndpoint

logger = logging.getLogger(__name__)
Format = WebhookEndpoint.Format
HEADER_MAX, TEXT_MAX, FIELD_MAX, FIELDS_MAX = 150, 2_900, 1_900, 10  # Block Kit's limits


@dataclass(frozen=True)
class Summary:
    """An event as people read it: a title, a few lines, figures, and where to go."""

    title: str
    text: str = ""
    url: str = ""
    facts: tuple[tuple[str, str], ...] = ()


def body(endpoint: WebhookEndpoint, envelope: dict, describe: Callable[[dict], Summary]) -> dict:
    """What the endpoint is sent: the envelope itself, or a message in its platform's form."""
    if endpoint.format == Format.STANDARD:
        return envelope
    summary = describe(envelope.get("data") or {})
    if endpoint.format == Format.SLACK:
        return slack(summary, endpoint.channel)
    return teams(summary)


def headers(endpoint: WebhookEndpoint) -> dict[str, str]:
    if endpoint.format == Format.SLACK and endpoint.chat_token_encrypted:
        try:
            return {"Authorization": f"Bearer {crypto.decrypt(endpoint.chat_token_encrypted)}"}
        except crypto.Unreadable:
            logger.warning("The Slack token of webhook %s cannot be read", endpoint.pk)
    return {}


def refusal(endpoint: WebhookEndpoint, response: requests.Response) -> str:
    """Slack's Web API says no with a 200 and "ok": false; "" when it was taken."""
    if endpoint.format != Format.SLACK or not endpoint.chat_token_encrypted:
        return ""
    try:
        answer = response.json()
    except ValueError:
        return _("Slack's answer was not JSON.")
    if isinstance(answer, dict) and answer.get("ok") is True:
        return ""
    reason = answer.get("error", "") if isinstance(answer, dict) else ""
    return _("Slack refused the message: %(reason)s") % {"reason": str(reason)[:100]}


def _slack_escape(text: str) -> str:
    """Slack's mrkdwn gives &, < and > their own meaning."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(summary: Summary, channel: str = "") -> dict:
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": summary.title[:HEADER_MAX]}}]
    if summary.text:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(summary.text)[:TEXT_MAX]}})
    if summary.facts:
        fields = [
            {"type": "mrkdwn", "text": f"*{_slack_escape(label)}*\n{_slack_escape(value)}"[:FIELD_MAX]}
            for label, value in summary.facts[:FIELDS_MAX]
        ]
        blocks.append({"type": "section", "fields": fields})
    if summary.url:
        button = {"type": "button", "text": {"type": "plain_text", "text": _("Open in Tandem")}, "url": summary.url}
        blocks.append({"type": "actions", "elements": [button]})
    message: dict = {"text": summary.title, "blocks": blocks}  # text: the notification's and screen readers' line
    if channel:
        message["channel"] = channel
    return message


def teams(summary: Summary) -> dict:
    card_body: list[dict] = [
        {"type": "TextBlock", "text": summary.title, "weight": "Bolder", "size": "Medium", "wrap": True}
    ]
    if summary.text:
        card_body.append({"type": "TextBlock", "text": summary.text, "wrap": True})
    if summary.facts:
        card_body.append(
            {"type": "FactSet", "facts": [{"title": label, "value": value} for label, value in summary.facts]}
        )
    card: dict = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": card_body,
    }
    if summary.url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": _("Open in Tandem"), "url": summary.url}]
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
    return {"type": "message", "attachments": [attachment]}
