"""What search gives the layer below it: it hears of every change, and rebuilds the
demo's index last."""

from community import changes, demo
from community.operations import health
from search import indexing, interface
from search.demo import rebuild_index

changes.LISTENERS.add(indexing.changed)
demo.FINISHERS.add(rebuild_index)
health.READINESS.add(interface.readiness)
