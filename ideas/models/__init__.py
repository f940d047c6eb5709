from ideas.models.ideas import Comment, Idea, IdeaTag, StatusChange, Vote
from ideas.models.statuses import Status

__all__ = ["Comment", "Idea", "IdeaTag", "Status", "StatusChange", "Vote"]
