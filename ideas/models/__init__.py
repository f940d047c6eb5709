from ideas.models.capture import Capture
from ideas.models.demand import DemandSettings, SegmentDemand
from ideas.models.ideas import Comment, CommentReaction, Idea, IdeaTag, StatusChange, Vote
from ideas.models.pages import ChangelogPage, IdeaBoardPage, RoadmapPage
from ideas.models.shipped import ShippedFeedback
from ideas.models.statuses import Status
from ideas.models.voting import VotingSettings

__all__ = [
    "Capture",
    "ChangelogPage",
    "Comment",
    "CommentReaction",
    "DemandSettings",
    "Idea",
    "IdeaBoardPage",
    "IdeaTag",
    "RoadmapPage",
    "SegmentDemand",
    "ShippedFeedback",
    "Status",
    "StatusChange",
    "Vote",
    "VotingSettings",
]
