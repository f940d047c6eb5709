"""python manage.py recount_ratings [--fix]: compares every product's rating with its
published reviews, reports any drift, and with --fix writes the true figures."""

from django.core.management.base import BaseCommand

from reviews.counters import rating_drift, recount_ratings


class Command(BaseCommand):
    help = "Reports products whose rating disagrees with their published reviews; --fix recomputes them."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Recompute every product's rating from its reviews.")

    def handle(self, *args, fix: bool = False, **options):
        drift = rating_drift()
        for product, field, stored, actual in drift:
            self.stdout.write(f"product {product}: {field} is {stored}, the reviews say {actual}")
        if not drift:
            self.stdout.write(self.style.SUCCESS("Every product's rating matches its reviews."))
            return
        if fix:
            recount_ratings()
            self.stdout.write(self.style.SUCCESS(f"Fixed: {len(drift)} figures recomputed from the reviews."))
        else:
            self.stdout.write(self.style.WARNING(f"{len(drift)} figures drifted. Run with --fix to recompute them."))
