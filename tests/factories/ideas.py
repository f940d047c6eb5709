import factory

from ideas.models import Idea, IdeaTag, Status
from tests.factories.base import ContentFactory
from tests.factories.members import MemberFactory


class IdeaTagFactory(ContentFactory):
    class Meta:
        model = IdeaTag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class IdeaFactory(ContentFactory):
    """An idea in the default status, as submit_idea would leave it (counters aside)."""

    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idea number {n}")
    body = "It would help me a lot."
    author = factory.SubFactory(MemberFactory)
    status = factory.LazyFunction(lambda: Status.objects.default())


def status(slug: str) -> Status:
    return Status.objects.get(slug=slug)
