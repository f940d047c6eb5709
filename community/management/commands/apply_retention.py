"""`manage.py apply_retention`: what beat runs daily, for a systemd timer or cron."""

from django.core.management.base import BaseCommand

from community.operations import retention


class Command(BaseCommand):
    help = "Deletes or anonymises records older than the RETENTION_* periods."

    def add_arguments(self, parser):
        parser.add_argument("--show", action="store_true", help="Print the periods and change nothing.")

    def handle(self, *args, show: bool, **options):
        if show:
            for name, days in retention.periods():
                self.stdout.write(f"{name}: {f'{days} days' if days else 'kept'}")
            return
        for name, count in retention.apply().items():
            self.stdout.write(f"{name}: {count}")
