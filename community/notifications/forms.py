"""The form where members choose a channel for each kind of news."""

from django import forms

from community.models import Channel, Topic
from community.notifications import channels


class ChannelsForm(forms.Form):
    """One choice per topic, offering only the channels that topic allows."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for topic in Topic:
            self.fields[topic.value] = forms.ChoiceField(
                label=topic.label,
                choices=[(channel, Channel(channel).label) for channel in channels.ALLOWED[topic]],
                initial=current[topic],
            )
