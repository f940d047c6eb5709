"""Closing the loop on reviews: the reviewer hears when the company answers."""

from django.utils.translation import gettext as _

from community.models import User
from community.notifications.services import Message, notify
from reviews.models import ReviewReply
from reviews.topics import REVIEW_REPLIES


def announce_review_reply(reply_id: int) -> int:
    reply = ReviewReply.objects.select_related("review__product").get(pk=reply_id)
    review = reply.review
    url = review.product.review_address(review.product.url, review.pk)

    def render(member) -> Message:
        title = _("The team answered your review of %(product)s") % {"product": review.product.title}
        return Message(title=title, body=reply.body, url=url)

    recipients = User.objects.filter(pk=review.author_id).exclude(pk=reply.author_id)
    return notify(recipients, topic=REVIEW_REPLIES, event_key=f"review-reply:{reply.pk}", render=render)
