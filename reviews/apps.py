from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """Product pages and their reviews, ratings and replies."""

    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from community import demo
        from reviews.demo import reset_reviews, seed_products, seed_reviews
        from reviews.demo_scale import scale_reviews

        demo.register_step("products", seed_products)
        demo.register_step("reviews", seed_reviews, reset=reset_reviews, scale=scale_reviews)

        from reviews import moderation

        moderation.register()

        from reviews import documents

        documents.register_kinds()

        from reviews import ownership_import

        ownership_import.register_member_column()

        from reviews import profile

        profile.register()

        from reviews import privacy

        privacy.register()

        from reviews import activity, home_panels

        activity.register()
        home_panels.register()

        from reviews import webhook_events

        webhook_events.register()

        from community import page_cache
        from reviews.models import ProductOwnership, Review, ReviewReply

        page_cache.expire_when_saved(Review, ReviewReply, ProductOwnership)
