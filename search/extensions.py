"""What search gives the layers below it: the demo's search index, rebuilt last."""

from community import demo
from search.demo import rebuild_index

demo.FINISHERS.add(rebuild_index)
