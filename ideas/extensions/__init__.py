"""Everything the ideas app plugs into the layers below it, in one place.

community.plugins imports this once when Django is ready. The modules beside it hold
the code behind each contribution; the rest of ideas never needs them.
"""

from django.utils.translation import gettext_lazy as _

from community import changes, demo, home, site
from community.members import segments
from community.moderation import services as moderation
from community.notifications import digests, topics
from community.privacy import services as privacy
from community.profiles import archetypes, reputation
from community.profiles import services as profiles
from community.webhooks import services as webhooks
from ideas import demand, documents, queries, site_pages, webhook_events
from ideas import reputation as idea_reputation
from ideas import topics as idea_topics
from ideas.demo import reset_ideas, seed_ideas
from ideas.demo_scale import scale_ideas
from ideas.extensions import activity, highlights, home_panels, moderation_kinds, privacy_part, product_panel, profile
from ideas.models import Capture, Comment, CommentReaction, Idea, ShippedFeedback, StatusChange, Vote
from reviews.views.product import PRODUCT_PANELS
from search import registry

registry.KINDS.add(documents.IDEAS)
moderation.KINDS.add(moderation_kinds.IDEAS, moderation_kinds.COMMENTS)
privacy.PARTS.add(
    privacy.Part(
        "ideas",
        (Idea, Comment, Vote, CommentReaction, StatusChange, ShippedFeedback, Capture),
        privacy_part.export,
        privacy_part.erase,
    )
)
profiles.SECTIONS.add(
    profiles.Section("ideas", lambda: _("Ideas"), profile.public_ideas),
    profiles.Section("comments", lambda: _("Comments"), profile.public_comments),
)
profiles.TIMELINE_SOURCES.add(profile.timeline)
archetypes.MEASURES.add(activity.measure)
home.PANELS.add(
    home.HomePanel(home_panels.ideas_on_my_products, order=30), home.HomePanel(home_panels.segment_demand, order=40)
)
digests.SECTIONS.add(
    digests.DigestSection(
        lambda: _("New ideas on your products"), highlights.new_ideas_on_my_products, idea_topics.HIGHLIGHTS
    )
)
webhooks.EVENTS.add(
    webhooks.Event(webhook_events.CREATED, _("An idea was published"), describe=webhook_events.describe_created),
    webhooks.Event(
        webhook_events.STATUS_CHANGED, _("An idea's status changed"), describe=webhook_events.describe_status
    ),
    webhooks.Event(
        webhook_events.PLANNED,
        _("An idea was planned (sent to the backlog)"),
        webhook_events.remember_ticket,
        describe=webhook_events.describe_status,
    ),
    webhooks.Event(webhook_events.MERGED, _("A duplicate was merged"), describe=webhook_events.describe_merged),
    webhooks.Event(
        webhook_events.VOTES_REACHED,
        _("An idea reached the webhook's vote threshold"),
        describe=webhook_events.describe_votes,
        matches=webhook_events.reached_threshold,
    ),
)
segments.CUSTOMER_DATA_LISTENERS.add(demand.members_changed)
demo.STEPS.add(demo.DemoStep("ideas", seed_ideas, reset=reset_ideas, scale=scale_ideas))
PRODUCT_PANELS.add(product_panel.most_demanded_ideas)
changes.LISTENERS.add(queries.board_changed)
reputation.REASONS.add(idea_reputation.IDEA_PLANNED, idea_reputation.ANSWER_ACCEPTED)
reputation.BADGES.add(idea_reputation.IDEA_MAKER, idea_reputation.PROBLEM_SOLVER)
topics.TOPICS.add(
    idea_topics.IDEA_STATUS,
    idea_topics.REPLIES,
    idea_topics.MENTIONS,
    idea_topics.CAPTURED,
    idea_topics.OFFICIAL_ANSWERS,
    idea_topics.HIGHLIGHTS,
)
site.PAGES.add(site_pages.create_pages)
