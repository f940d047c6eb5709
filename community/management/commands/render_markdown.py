"""manage.py render_markdown: the kept HTML of every Markdown text, rendered again.

Run it after a change to community/markdown.py's rules (allowed tags, the parser's
options): what members wrote is shown as it is rendered when written, not per request.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from community.markdown import render_again, rendered_fields


class Command(BaseCommand):
    help = "Renders the kept HTML of every Markdown text again, where the rules now give another."

    def handle(self, *args, **options):
        for model in apps.get_models():
            if rendered_fields(model):
                changed = render_again(model)
                self.stdout.write(f"{model._meta.label}: {changed} rendered again")
