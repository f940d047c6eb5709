from ideas.models.ideas import Comment, Idea, IdeaTag, StatusChange, Vote
from ideas.models.pages import ChangelogPage, IdeaBoardPage, RoadmapPage
from ideas.models.statuses import Status

__all__ = [
    "ChangelogPage",
    "Comment",
    "Idea",
    "IdeaBoardPage",
    "IdeaTag",
    "RoadmapPage",
    "Status",
    "StatusChange",
    "Vote",
]
