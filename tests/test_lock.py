"""The lock files make installs from are the ranges pyproject.toml asks for, chosen."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pinned(lock: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\[\],-]+)==([^\s;\\]+)", line)
        if match:
            found[canonicalize_name(match.group(1).split("[")[0])] = match.group(2)
    return found


@pytest.mark.parametrize(("lock", "groups"), [("base.lock", ["main"]), ("dev.lock", ["main", "dev"])])
def test_every_dependency_is_pinned_within_its_range_with_hashes(lock, groups):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {
        "main": project["dependencies"],
        "dev": project["optional-dependencies"]["dev"],
    }
    versions = pinned(lock)
    for group in groups:
        for line in wanted[group]:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            assert name in versions, f"{name} is not in requirements/{lock}: run make lock"
            assert requirement.specifier.contains(versions[name], prereleases=True), (
                f"requirements/{lock} pins {name}=={versions[name]}, outside {requirement.specifier}: run make lock"
            )
    text = (ROOT / "requirements" / lock).read_text()
    assert all("--hash=sha256:" in block for block in re.split(r"\n(?=\S)", text) if "==" in block)
