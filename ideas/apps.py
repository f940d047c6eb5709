from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Ideas, votes, comments, statuses, the roadmap and the changelog."""

    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from community import demo
        from ideas.demo import reset_ideas, seed_ideas
        from ideas.demo_scale import scale_ideas

        demo.register_step("ideas", seed_ideas, reset=reset_ideas, scale=scale_ideas)

        from ideas import moderation

        moderation.register()

        from ideas import documents

        documents.register_kinds()

        from ideas import highlights

        highlights.register()

        from ideas import profile

        profile.register()

        from ideas import privacy

        privacy.register()

        from ideas import activity, home_panels

        activity.register()
        home_panels.register()

        from ideas import webhook_events

        webhook_events.register()

        from ideas import demand

        demand.register()

        from community import page_cache
        from ideas.models import Comment, Idea, IdeaTag, Status, StatusChange

        page_cache.expire_when_saved(Idea, Comment, StatusChange, IdeaTag, Status)
