"""Running a project's tests, by cost. Tests are marked ``unit`` (seconds, no
built book), ``book`` (read the built HTML and PDF), ``browser`` (drive
Chromium), and ``notebooks`` (run notebooks: nbval, which compares their
stored outputs, and the execution tests); a test with no mark is a unit test. ``run()`` is what ``reprobook
test`` and a release call."""
from __future__ import annotations

import subprocess
import sys

from .project import current

MARKS = ("unit", "book", "browser", "notebooks")


def command(fast: bool = False, extra: list[str] | None = None) -> list[str]:
    project = current()
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if fast:
        cmd += ["-m", "unit", "tests"]
    else:
        cmd += ["tests", project.folders["notebooks"], "--nbval"]
    return cmd + [a for a in (extra or []) if a != "--"]


def run(fast: bool = False, extra: list[str] | None = None) -> int:
    return subprocess.run(command(fast, extra), cwd=current().root).returncode


def mark_by_cost(items) -> None:
    """For a project's conftest (pytest_collection_modifyitems): notebooks run by
    nbval are marked notebooks, and a test with no cost mark is a unit test."""
    import pytest

    for item in items:
        if item.nodeid.split("::")[0].endswith(".ipynb"):
            item.add_marker(pytest.mark.notebooks)
        elif not any(item.get_closest_marker(m) for m in MARKS):
            item.add_marker(pytest.mark.unit)
