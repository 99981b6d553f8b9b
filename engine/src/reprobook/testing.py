"""Running a project's tests, by cost. Tests are marked ``unit`` (seconds, no
built book), ``book`` (read the built HTML and PDF), ``browser`` (drive
Chromium), and ``notebooks`` (run notebooks: nbval, which compares their
stored outputs, and the execution tests); a test with no mark is a unit test.
``run()`` is what ``reprobook test`` and a release call.

The whole suite is two pytest runs: the tests of tests/, then nbval over the
notebooks, spread over the cores (pytest-xdist, one notebook per worker at a
time, each on a fresh warm kernel: reprobook.execution.kernels).
"""
from __future__ import annotations

import os
import subprocess
import sys

from .execution import kernels
from .project import current

MARKS = ("unit", "book", "browser", "notebooks")
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]


def commands(fast: bool = False, extra: list[str] | None = None) -> list[list[str]]:
    project = current()
    extra = [a for a in (extra or []) if a != "--"]
    if fast:
        return [[*PYTEST, "-m", "unit", "tests", *extra]]
    workers = str(max(1, min(os.cpu_count() or 1, len(list(project.notebooks.glob("*.ipynb"))))))
    # the slowest tests are named, so that a suite that grows slow shows where
    return [[*PYTEST, "--durations=10", "tests", *extra],
            [*PYTEST, "-n", workers, "--dist", "loadfile", "--nbval", project.folders["notebooks"], *extra]]


def env() -> dict:
    """The tests' environment: notebooks on warm kernels."""
    return dict(os.environ, **{kernels.ENV: kernels.NAME})


def run(fast: bool = False, extra: list[str] | None = None) -> int:
    """Every command, even after one failed (so that all failures are reported); 0 if all passed."""
    codes = [subprocess.run(cmd, cwd=current().root, env=env()).returncode for cmd in commands(fast, extra)]
    return next((c for c in codes if c != 0), 0)


def mark_by_cost(items) -> None:
    """For a project's conftest (pytest_collection_modifyitems): notebooks run by
    nbval are marked notebooks, and a test with no cost mark is a unit test."""
    import pytest

    for item in items:
        if item.nodeid.split("::")[0].endswith(".ipynb"):
            item.add_marker(pytest.mark.notebooks)
        elif not any(item.get_closest_marker(m) for m in MARKS):
            item.add_marker(pytest.mark.unit)
