from tests.factories.ideas import IdeaFactory, IdeaTagFactory, status
from tests.factories.members import PASSWORD, MemberFactory, StaffFactory
from tests.factories.products import ProductFactory, ReviewFactory

__all__ = [
    "PASSWORD",
    "IdeaFactory",
    "IdeaTagFactory",
    "MemberFactory",
    "ProductFactory",
    "ReviewFactory",
    "StaffFactory",
    "status",
]
