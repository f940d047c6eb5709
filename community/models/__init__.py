from community.models.members import User
from community.models.pages import HomePage, StandardPage
from community.models.site_settings import BrandingSettings

__all__ = ["BrandingSettings", "HomePage", "StandardPage", "User"]
