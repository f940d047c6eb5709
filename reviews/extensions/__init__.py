"""Everything the reviews app plugs into the layers below it, in one place.

community.plugins imports this once when Django is ready. The modules beside it hold
the code behind each contribution; the rest of reviews never needs them.
"""

from django.utils.translation import gettext_lazy as _

from community import demo, home, site
from community.members import imports
from community.moderation import services as moderation
from community.notifications import topics
from community.privacy import services as privacy
from community.profiles import archetypes, reputation
from community.profiles import services as profiles
from community.webhooks import services as webhooks
from reviews import documents, ownership_import, site_pages, webhook_events
from reviews import reputation as review_reputation
from reviews import topics as review_topics
from reviews.demo import reset_reviews, seed_products, seed_reviews
from reviews.demo_scale import scale_reviews
from reviews.extensions import activity, home_panels, moderation_kinds, privacy_part, profile
from reviews.models import ProductOwnership, Review, ReviewHelpfulVote, ReviewReply
from search import registry

registry.KINDS.add(documents.PRODUCTS, documents.REVIEWS)
moderation.KINDS.add(moderation_kinds.REVIEWS)
privacy.PARTS.add(
    privacy.Part(
        "reviews", (Review, ReviewHelpfulVote, ProductOwnership, ReviewReply), privacy_part.export, privacy_part.erase
    )
)
profiles.SECTIONS.add(profiles.Section("reviews", lambda: _("Reviews"), profile.public_reviews))
profiles.TIMELINE_SOURCES.add(profile.timeline)
archetypes.MEASURES.add(activity.measure)
home.PANELS.add(home.HomePanel(home_panels.my_products, order=20))
webhooks.EVENTS.add(
    webhooks.Event(
        webhook_events.REVIEW_CREATED,
        _("A review was published (with at most the webhook's stars)"),
        describe=webhook_events.describe,
        matches=webhook_events.at_most_the_stars,
    )
)
webhooks.FILTERS.add(
    webhooks.Filter("product", _("Only these products"), webhook_events.product_choices, webhook_events.product_of)
)
reputation.REASONS.add(review_reputation.REVIEW_HELPFUL)
reputation.BADGES.add(review_reputation.HELPFUL_REVIEWER)
topics.TOPICS.add(review_topics.REVIEW_REPLIES, review_topics.PRODUCT_NEWS)
imports.COLUMNS.add(imports.Column("products", ownership_import.check_products, ownership_import.record_products))
demo.STEPS.add(
    demo.DemoStep("products", seed_products),
    demo.DemoStep("reviews", seed_reviews, reset=reset_reviews, scale=scale_reviews),
)
site.PAGES.add(site_pages.create_pages)
