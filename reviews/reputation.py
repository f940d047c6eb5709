"""What earns points and badges in the reviews app (given to
community.profiles.reputation in reviews/extensions/)."""

from django.utils.translation import gettext_lazy as _

from community.profiles.reputation import Badge, Reason

REVIEW_HELPFUL = Reason("review_helpful", _("A member found your review helpful"), 2)

HELPFUL_REVIEWER = Badge(
    "helpful_reviewer",
    _("Helpful reviewer"),
    _("Members found their reviews helpful five times."),
    lambda awards, total: awards.get(REVIEW_HELPFUL, 0) >= 5,
    position=20,
)
