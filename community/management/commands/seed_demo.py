"""python manage.py seed_demo [--reset]: the demo site for `make run`."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from community import demo


class Command(BaseCommand):
    help = "Creates the site's pages and a demo community. Safe to run again; --reset starts over."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo pages and members first.")

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            demo.reset()
            self.stdout.write("Removed the demo pages and members.")
        total = len(demo.steps())
        report = demo.seed(
            progress=lambda it: tqdm(it, total=total, desc="Seeding", unit="step", disable=not sys.stdout.isatty())
        )
        extra = "".join(f", {number} {kind}" for kind, number in report.created.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {report.pages_created} pages and {report.members_created} members created{extra}."
            )
        )
        if report.admin_password:
            self.stdout.write(
                self.style.WARNING(
                    f"Admin account created: {report.admin_email} / {report.admin_password}\n"
                    "This password is shown only now. Set ADMIN_EMAIL and ADMIN_PASSWORD to choose your own."
                )
            )
        else:
            self.stdout.write(f"Admin account: {report.admin_email}")
