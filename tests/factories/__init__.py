from tests.factories.ideas import IdeaFactory, IdeaTagFactory, status
from tests.factories.members import PASSWORD, MemberFactory, StaffFactory

__all__ = ["PASSWORD", "IdeaFactory", "IdeaTagFactory", "MemberFactory", "StaffFactory", "status"]
