"""What can go wrong with an idea, said so a member understands it.

Views turn these into form errors or messages, the API into JSON errors with the
same text; the code lets clients tell them apart.
"""

from django.utils.translation import gettext_lazy as _

from community.errors import InvalidInput, NotAllowed, NotVerified, ServiceError

__all__ = [
    "CommentsClosed",
    "IdeaError",
    "IdeaMerged",
    "InvalidInput",
    "InvalidTransition",
    "NotAllowed",
    "NotVerified",
    "VotingClosed",
]


class IdeaError(ServiceError):
    code = "idea_error"


class VotingClosed(IdeaError):
    code = "voting_closed"
    status = 409
    default_message = _("Voting on this idea is closed.")


class CommentsClosed(IdeaError):
    code = "comments_closed"
    status = 409
    default_message = _("This idea takes no more comments.")


class IdeaMerged(IdeaError):
    code = "merged"
    status = 409
    default_message = _("This idea was merged into another one: vote and comment there.")


class InvalidTransition(IdeaError):
    code = "invalid_transition"
    status = 409
    default_message = _("An idea cannot move from this status to that one.")
