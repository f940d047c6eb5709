"""The kinds of news about ideas that members choose a channel for (given to
community.notifications.topics.TOPICS in ideas/extensions/)."""

from django.utils.translation import gettext_lazy as _

from community.models import Channel
from community.notifications.topics import Topic

IDEA_STATUS = Topic("idea_status", _("Status changes of ideas I follow"), Channel.IN_APP, position=10)
REPLIES = Topic("replies", _("Comments on my ideas and replies to my comments"), Channel.EMAIL, position=20)
MENTIONS = Topic("mentions", _("Comments that mention me"), Channel.EMAIL, position=25)
# What support, sales or success staff recorded as the member's own (ideas.capture).
CAPTURED = Topic("captured", _("Feedback the team recorded for me"), Channel.EMAIL, position=27)
OFFICIAL_ANSWERS = Topic("official_answers", _("Official answers on ideas I follow"), Channel.IN_APP, position=30)
# A summary only makes sense as the weekly email; off until the member asks for it.
HIGHLIGHTS = Topic(
    "highlights",
    _("Weekly highlights: the most-voted new ideas on products I own or follow"),
    Channel.NONE,
    (Channel.WEEKLY, Channel.NONE),
    position=60,
)
