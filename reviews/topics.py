"""The kinds of news about reviews and products that members choose a channel for
(given to community.notifications.topics.TOPICS in reviews/extensions/)."""

from django.utils.translation import gettext_lazy as _

from community.models import Channel
from community.notifications.topics import Topic

REVIEW_REPLIES = Topic("review_replies", _("Answers to my reviews"), Channel.EMAIL, position=40)
PRODUCT_NEWS = Topic("product_news", _("News about products I own or follow"), Channel.IN_APP, position=50)
