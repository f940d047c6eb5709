"""What the community layer gives its own extension points, like any app: its parts of
each member's privacy download and timeline, the news panel on the home page, the
demo's buyer types, the account topic, the badge for the total and the moderators'
line on the dashboard, the moderation alert and the segment filter for webhooks."""

from django.utils.translation import gettext_lazy as _

from community import dashboard, demo, home
from community.moderation import alerts
from community.moderation.admin import waiting_for_moderators
from community.notifications import topics
from community.privacy import parts
from community.privacy import services as privacy
from community.profiles import reputation, timeline
from community.profiles import services as profiles
from community.webhooks import facets
from community.webhooks import services as webhooks

privacy.PARTS.add(parts.REPUTATION, parts.ACCOUNT, parts.PICTURES, parts.NOTIFICATIONS)
profiles.TIMELINE_SOURCES.add(timeline.timeline)
home.PANELS.add(home.HomePanel(home.updates, order=10))
demo.FINISHERS.add(demo.classify_members)
topics.TOPICS.add(topics.ACCOUNT)
reputation.BADGES.add(reputation.TRUSTED_VOICE)
dashboard.WAITING.add(waiting_for_moderators)
webhooks.EVENTS.add(
    webhooks.Event(alerts.OVERDUE, _("Posts wait for a moderator longer than promised"), describe=alerts.describe)
)
webhooks.FILTERS.add(webhooks.Filter("segment", _("Only these segments"), facets.segment_choices, facets.segment_of))
