"""python manage.py init_site [--email ADDRESS] [--no-input]: the site a company starts
with, and no demo content. Production runs it after `migrate`; safe to run again."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from community import site


class Command(BaseCommand):
    help = (
        "Creates the site's pages, its branding and the first staff account (ADMIN_EMAIL and "
        "ADMIN_PASSWORD, --email, or asked), without demo content. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="", help="The first staff account's address (else ADMIN_EMAIL).")
        parser.add_argument("--no-input", action="store_true", help="Never ask; fail when an address is missing.")

    def handle(self, *args, email: str = "", no_input: bool = False, **options):
        email = (email or settings.ADMIN_EMAIL).strip()
        if not email and no_input:
            raise CommandError("Set ADMIN_EMAIL (or pass --email) for the first staff account.")
        if not email:
            email = input("Email address of the first staff account: ").strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        report = site.SeedReport()
        with transaction.atomic():
            for _name, step in site.steps():
                step(report)
            site.ensure_staff(email, settings.ADMIN_PASSWORD, report)
        groups = ", ".join(Group.objects.order_by("name").values_list("name", flat=True))
        self.stdout.write(
            self.style.SUCCESS(f"Site ready: {report.pages_created} pages created; staff groups: {groups}.")
        )
        if report.admin_password:
            self.stdout.write(
                self.style.WARNING(
                    f"Staff account created: {report.admin_email} / {report.admin_password}\n"
                    "This password is shown only now: sign in and change it, and set up two-factor "
                    "authentication, which the admin asks for."
                )
            )
        else:
            self.stdout.write(f"Staff account: {report.admin_email}")
