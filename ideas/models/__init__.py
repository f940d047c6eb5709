from ideas.models.ideas import Comment, Idea, IdeaTag, StatusChange, Vote
from ideas.models.pages import ChangelogPage, IdeaBoardPage, RoadmapPage
from ideas.models.statuses import Status
from ideas.models.triage import AnswerTemplate, DemandSettings, ShippedFeedback, StaffNote

__all__ = [
    "AnswerTemplate",
    "DemandSettings",
    "ShippedFeedback",
    "StaffNote",
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
