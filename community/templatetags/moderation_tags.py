from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def timedelta_words(delta) -> str:
    """A waiting time in words, in the admin's language: "3 hours, 2 minutes"."""
    if delta is None:
        return "–"
    now = timezone.now()
    return timesince(now - delta, now)


@register.filter
def model_label(model) -> str:
    return model._meta.label_lower


@register.filter
def model_verbose_name(model) -> str:
    return str(model._meta.verbose_name).capitalize()
