from tests.factories.members import PASSWORD, MemberFactory, StaffFactory

__all__ = ["PASSWORD", "MemberFactory", "StaffFactory"]
