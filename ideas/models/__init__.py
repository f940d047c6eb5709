from ideas.models.ideas import Comment, Idea, IdeaTag, StatusChange, Vote
from ideas.models.pages import IdeaBoardPage
from ideas.models.statuses import Status

__all__ = ["Comment", "Idea", "IdeaBoardPage", "IdeaTag", "Status", "StatusChange", "Vote"]
