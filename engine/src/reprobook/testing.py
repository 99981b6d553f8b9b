"""Running a project's tests, by cost, and the pytest plugin a project's tests use
(``pytest_plugins = ["reprobook.testing"]`` in its conftest).

Tests are marked ``unit`` (seconds, no built book), ``book`` (read the built
HTML and PDF, and nothing else: seconds once the book is built), ``builds``
(run builds of their own: a second build, a small book made for the test),
``browser`` (drive Chromium), and ``notebooks`` (run notebooks: nbval, which
compares their stored outputs, and the execution tests); a test with no mark is
a unit test. ``run()`` is what ``reprobook test`` calls; a release runs the unit
tests first, then ``commands(built=..., unit=False)``: everything else, once,
against its own build.

The plugin gives the tests their project (the fixture ``project``: the one the
tests run in, building into ``--book-build DIR`` when that option is given) and
marks every test by cost.

The whole suite is one pytest run, spread over the cores by pytest-xdist (unless
it has one file to run): the tests of tests/, the engine's own tests when the
project carries the engine's source, and nbval over the notebooks, each on a
fresh warm kernel (reprobook.execution.kernels). A worker takes one module or
notebook at a time (its module fixtures are made once; tests marked
``xdist_group`` go with their group, for a costly session fixture that several
modules share; a module marked ``spread`` is dealt out test by test), the
costliest first (costliest_first).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .execution import kernels

MARKS = ("unit", "book", "builds", "browser", "notebooks")
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]


def commands(project, fast: bool = False, built: Path | None = None, extra: list[str] | None = None,
             unit: bool = True) -> list[list[str]]:
    """The pytest runs of the suite: the unit tests alone (`fast`), or every test
    (without the unit tests: `unit=False`, when they have just passed) in one run:
    the tests of tests/, the engine's own when the project carries them, and nbval
    over the notebooks. One run, not one per kind: the workers take the costliest
    modules first and end together (costliest_first), where three runs in turn each
    started their workers and each waited on its own last module."""
    extra = [a for a in (extra or []) if a != "--"]
    where = ["--book-build", str(built)] if built else []
    if fast:
        return [[*PYTEST, "-m", "unit", "tests", *extra]]
    marks = [] if unit else ["-m", "not unit"]
    folders = ["tests"]
    engine_tests = _engine_tests(project)
    if engine_tests is not None:
        folders.append(str(engine_tests))
    files = (sum(len(list((project.root / folder).rglob("test_*.py"))) for folder in folders)
             + len(list(project.notebooks.glob("*.ipynb"))))
    # the slowest tests are named, so that a suite that grows slow shows where
    return [[*PYTEST, *workers(files), "--dist", "loadgroup", "--no-loadscope-reorder", "--durations=10", *marks,
             "--nbval", *folders, project.folders["notebooks"], *where, *extra]]


FILES_PER_WORKER = 4  # fewer files than this a core, and workers cost more than they save


def workers(units: int) -> list[str]:
    """One pytest-xdist worker per core when there are at least FILES_PER_WORKER
    files a core to deal out, none otherwise. A worker starts Python, pytest and its
    own warm kernels' forkserver before its first test: a small book's suite (one
    test module, one notebook) took 8.7 s on two workers and 2.9 s in pytest's own
    process."""
    n = min(os.cpu_count() or 1, units // FILES_PER_WORKER)
    return ["-n", str(n if n > 1 else 0)]


def _engine_tests(project) -> Path | None:
    """The engine's own tests, when the project carries the engine's source (as the
    book this engine was written for does): they run with the project's."""
    from .scaffold import engine_source

    tests = engine_source() / "tests"
    inside = project.root == engine_source() or project.root in engine_source().parents
    return tests.relative_to(project.root) if inside and tests.is_dir() else None


def env() -> dict:
    """The tests' environment: notebooks on warm kernels."""
    return dict(os.environ, **{kernels.ENV: kernels.NAME})


def run(project, fast: bool = False, extra: list[str] | None = None) -> int:
    """Every command, even after one failed (so that all failures are reported); 0 if all passed."""
    codes = [subprocess.run(cmd, cwd=project.root, env=env()).returncode for cmd in commands(project, fast, extra=extra)]
    return next((c for c in codes if c != 0), 0)


def group_by_module(items) -> None:
    """A test with no group of its own runs with the rest of its module (under
    ``--dist loadgroup``), unless its module is marked ``spread``."""
    import pytest

    for item in items:
        if not item.get_closest_marker("xdist_group") and not item.get_closest_marker("spread"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


# A module's place in the run: its costliest mark first (a build before a visit of one page)
RANK = {"builds": 0, "notebooks": 1, "browser": 2, "book": 3, "unit": 4}
SPREAD_RANK = len(RANK)  # a module dealt out test by test comes last, to fill the workers' ends


def costliest_first(items) -> None:
    """Order the modules by their costliest mark, builds first, and those marked
    ``spread`` last; each module's tests keep their order. With pytest-xdist's
    ``--no-loadscope-reorder`` the workers take the groups in this order: they start
    on the long builds and end on short visits. xdist's own order puts the groups
    with the most tests first, and a one-test build of half a minute last, while the
    other worker waits."""
    ranks: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        own = SPREAD_RANK if item.get_closest_marker("spread") else min(
            RANK[m] for m in MARKS if item.get_closest_marker(m))
        ranks[module] = min(ranks.get(module, own), own)
    items.sort(key=lambda item: ranks[item.nodeid.split("::")[0]])


def mark_by_cost(items) -> None:
    """Notebooks run by nbval are marked notebooks, and a test with no cost mark is a unit test."""
    import pytest

    for item in items:
        if item.nodeid.split("::")[0].endswith(".ipynb"):
            item.add_marker(pytest.mark.notebooks)
        elif not any(item.get_closest_marker(m) for m in MARKS):
            item.add_marker(pytest.mark.unit)


# --- the pytest plugin ------------------------------------------------------------------------


def pytest_addoption(parser) -> None:
    parser.addoption("--book-build", default=None,
                     help="the build folder whose built book the tests read (default: the project's own)")


def pytest_configure(config) -> None:
    for mark, what in (("unit", "fast, needs no built book (the default for unmarked tests)"),
                       ("book", "reads the built HTML and PDF (make book first), and builds nothing"),
                       ("builds", "runs builds of its own: a second build, or a small book made for the test"),
                       ("browser", "drives Chromium over the built site"),
                       ("notebooks", "runs notebooks (nbval and the execution tests)"),
                       ("spread", "a module of independent tests, dealt out over the workers one by one")):
        config.addinivalue_line("markers", f"{mark}: {what}")


def _project(config):
    from . import project as _project

    found = _project.here(Path(str(config.rootpath)))
    built = config.getoption("--book-build")
    return found.with_build(Path(built).resolve()) if built else found


try:
    import pytest

    # first: pytest-xdist reads the groups in its own hook of this name
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(config, items) -> None:
        mark_by_cost(items)
        group_by_module(items)
        costliest_first(items)

    @pytest.fixture(scope="session")
    def project(request):
        """The project the tests run in (building into --book-build when given)."""
        return _project(request.config)
except ImportError:  # pragma: no cover - the engine runs without pytest; only its tests need it
    pass
