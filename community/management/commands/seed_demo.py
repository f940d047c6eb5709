"""python manage.py seed_demo [--reset] [--members K --ideas N --votes M --reviews R]: the demo site
for `make run`, and as much generated data as a benchmark needs."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from community import demo


class Command(BaseCommand):
    help = (
        "Creates the site's pages and a demo community. Safe to run again; --reset starts over. "
        "--members, --ideas, --votes and --reviews add generated data in bulk, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo pages and members first.")
        parser.add_argument("--members", type=int, default=0, metavar="K", help="Demo members wanted in all.")
        parser.add_argument("--ideas", type=int, default=0, metavar="N", help="Generated ideas to add.")
        parser.add_argument("--votes", type=int, default=0, metavar="M", help="Votes to add among those ideas.")
        parser.add_argument(
            "--reviews", type=int, default=0, metavar="R", help="Generated reviews to add (one per member and product)."
        )

    def handle(
        self, *args, reset: bool = False, members: int = 0, ideas: int = 0, votes: int = 0, reviews: int = 0, **options
    ):
        if min(members, ideas, votes, reviews) < 0:
            raise CommandError("--members, --ideas, --votes and --reviews take numbers of zero or more.")
        if votes and not ideas:
            raise CommandError("--votes goes with --ideas: the votes are cast on the ideas it adds.")
        if reset:
            demo.reset()
            self.stdout.write("Removed the demo pages and members.")
        self._seed()
        if members or ideas or reviews:
            self._scale(demo.Scale(members=members, ideas=ideas, votes=votes, reviews=reviews))
        self._finish()

    def _seed(self) -> None:
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

    @staticmethod
    def _progress(total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="row", unit_scale=True, disable=not sys.stderr.isatty())

    def _finish(self) -> None:
        started = time.monotonic()
        report = demo.finish(self._progress)
        if report.created:
            made = ", ".join(f"{number} {kind}" for kind, number in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Finished: {made} in {time.monotonic() - started:.1f} s."))

    def _scale(self, scale: demo.Scale) -> None:
        started = time.monotonic()
        try:
            report = demo.scale_up(scale, self._progress)
        except ValueError as error:  # not enough members for the votes asked, and the like
            raise CommandError(str(error)) from error
        made = ", ".join(f"{number} {kind}" for kind, number in report.created.items()) or "nothing else"
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {report.members_created} members, {made} in {time.monotonic() - started:.1f} s; "
                "counters checked against their rows."
            )
        )
