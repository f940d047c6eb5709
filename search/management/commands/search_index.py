"""python manage.py search_index --rebuild | --check [--kind idea ...]

--rebuild fills every engine's index anew from the database (on a cluster into a
new versioned index behind the alias, swapped in when complete). --check compares
each index with what may be found now and exits with 1 if anything is missing,
stale or should not be there."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import interface, registry
from search.backends.base import Unavailable


class Command(BaseCommand):
    help = "Rebuild the search index (--rebuild) or report documents missing or stale in it (--check)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="Rebuild the index of every engine.")
        action.add_argument("--check", action="store_true", help="Report missing, stale and extra documents.")
        parser.add_argument("--kind", action="append", default=[], help="Only this kind (repeatable).")

    def handle(self, *args, rebuild=False, check=False, kind=(), **options):
        unknown = sorted(set(kind) - set(registry.names()))
        if unknown:
            raise CommandError(f"Unknown kind {', '.join(unknown)}; known: {', '.join(registry.names())}.")
        try:
            if rebuild:
                self._rebuild(kind)
            else:
                self._check(kind)
        except Unavailable as error:
            raise CommandError(f"The search cluster cannot be reached: {error}") from error

    def _rebuild(self, kinds) -> None:
        for name in kinds or registry.names():
            total = interface.expected_count(name)
            bars = _Bars(total)
            counts = interface.rebuild([name], progress=bars.update)
            bars.close()
            for engine_kind, count in counts.items():
                self.stdout.write(f"{engine_kind}: {count} documents indexed (of {total} to be found).")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))

    def _check(self, kinds) -> None:
        reports = interface.check(kinds)
        for report in reports:
            line = (
                f"{report.engine}:{report.kind}: {report.indexed} indexed, {len(report.missing)} missing, "
                f"{len(report.stale)} stale, {len(report.extra)} that should not be found"
            )
            self.stdout.write(self.style.SUCCESS(line) if report.ok else self.style.ERROR(line))
            for label, pks in (("missing", report.missing), ("stale", report.stale), ("extra", report.extra)):
                if pks:
                    self.stdout.write(f"  {label}: {', '.join(map(str, pks[:20]))}{' …' if len(pks) > 20 else ''}")
        if not all(report.ok for report in reports):
            self.stdout.write("Run `python manage.py search_index --rebuild` to repair.")
            sys.exit(1)


class _Bars:
    """One progress bar per engine being filled."""

    def __init__(self, total: int):
        self.total, self.bars = total, {}

    def update(self, engine: str, kind: str, n: int) -> None:
        if engine not in self.bars:
            self.bars[engine] = tqdm(
                total=self.total, desc=f"{kind} → {engine}", unit="doc", disable=not sys.stderr.isatty()
            )
        self.bars[engine].update(n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
