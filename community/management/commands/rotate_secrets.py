"""Encrypts every stored secret again with the newest of ENCRYPTION_KEYS (community.crypto),
so that an older key can then be dropped."""

from django.core.management.base import BaseCommand, CommandError

from community import crypto
from community.models import ConnectedApp


class Command(BaseCommand):
    help = "Re-encrypt stored secrets with the first key of ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        done = 0
        for app in ConnectedApp.objects.exclude(secret_encrypted=""):
            try:
                app.secret_encrypted = crypto.rotate(app.secret_encrypted)
            except crypto.Unreadable as error:
                raise CommandError(f"The secret of “{app}” cannot be read with ENCRYPTION_KEYS.") from error
            app.save(update_fields=["secret_encrypted"])
            done += 1
        self.stdout.write(f"{done} secrets encrypted with the newest key.")
