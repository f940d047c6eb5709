"""The demo's search index: rebuilt in bulk once everything is seeded."""

from community.demo import ProgressFactory
from community.site import SeedReport
from search import interface, registry


def rebuild_index(report: SeedReport, progress: ProgressFactory) -> None:
    for kind in registry.kinds():
        bar = progress(
            total=interface.expected_count(kind.name) * len(interface.engines()), desc=f"Indexing {kind.name}s"
        )
        counts = interface.rebuild([kind.name], progress=lambda engine, kind_name, n, bar=bar: bar.update(n))
        bar.close()
        report.count(f"{kind.name}s indexed", max(counts.values(), default=0))
