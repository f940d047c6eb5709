"""Writes, per endpoint, the paths wrk cycles through (one per line) into a folder.

python bench/paths.py var/bench
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from bench.endpoints import ENDPOINTS, find_targets  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1])
    targets = find_targets()
    for endpoint in ENDPOINTS:
        (folder / f"{endpoint.key}.paths").write_text("\n".join(endpoint.paths(targets)) + "\n")
    print(json.dumps({"endpoints": len(ENDPOINTS), "ideas": len(targets.ideas)}))


if __name__ == "__main__":
    main()
