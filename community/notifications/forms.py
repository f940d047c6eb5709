"""The form where members choose a channel for each kind of news."""

from django import forms

from community.models import Channel
from community.notifications.topics import all_topics


class ChannelsForm(forms.Form):
    """One choice per topic, offering only the channels that topic allows."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for topic in all_topics():
            self.fields[topic.key] = forms.ChoiceField(
                label=topic.label,
                choices=[(channel, Channel(channel).label) for channel in topic.allowed],
                initial=current[topic],
            )
