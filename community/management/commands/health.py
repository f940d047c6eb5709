"""`manage.py health`: the readiness report for container and systemd probes.

Exits 0 when the site is ready or degraded, 1 when it is unavailable (the database
is down), and with --strict also when anything is degraded. --only limits the checks
(e.g. --only database,cache for a start-up probe that must not wait on the workers).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from community.operations import health


class Command(BaseCommand):
    help = "Checks the database, cache, broker, storage, workers and beat; exits 1 when the site cannot serve."

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="Exit 1 when anything is degraded, too.")
        parser.add_argument("--only", default="", help="Comma-separated checks: " + ", ".join(health.CHECKS))

    def handle(self, *args, strict: bool, only: str, **options):
        wanted = {name.strip() for name in only.split(",") if name.strip()}
        unknown = wanted - set(health.CHECKS)
        if unknown:
            raise CommandError(f"Unknown checks: {', '.join(sorted(unknown))}. Known: {', '.join(health.CHECKS)}.")
        status, results = health.collect(wanted or None)
        self.stdout.write(json.dumps({"status": status, "checks": results}, indent=2))
        if status == "unavailable" or (strict and status != "ready"):
            raise SystemExit(1)
