"""The installation: one list of packages in two files, the ranges the engine
supports, and the lock that decides what is installed."""
import re
from pathlib import Path

import pytest
import tomllib
import yaml

from reprobook import lockfile
from reprobook import project as projects

PROJECT = projects.here()

ROOT = PROJECT.root


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _engine():
    return tomllib.loads((ROOT / "engine" / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_packages_as_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert [p for p in pip if p.startswith("-e")] == ["-e ./engine", "-e ."]  # the engine first
    assert sorted(p for p in pip if not p.startswith("-e")) == sorted(_project()["project"]["dependencies"])


def test_the_engine_declares_a_supported_range_for_every_dependency():
    deps = _engine()["project"]["dependencies"]
    assert "jupyter-book>=1.0.3,<2" in deps
    unbounded = [d for d in deps if not re.search(r">=[^,]+,<", d)]
    assert unbounded == []


def _lock_text():
    return PROJECT.lock.read_text(encoding="utf-8")


def test_every_locked_package_is_pinned_with_hashes():
    entries = re.findall(r"^(\S+)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", _lock_text(), re.M)
    pinned = lockfile.pins(_lock_text())
    assert len(entries) == len(pinned) > 100
    assert {"pandas", "matplotlib", "sphinx", "jupyter-book", "numpy", "networkx", "uv"} <= set(pinned)


def test_the_installer_is_the_locked_one():
    bootstrap = (PROJECT.root / "bootstrap.lock").read_text(encoding="utf-8")
    assert lockfile.pins(bootstrap) == {"uv": lockfile.pins(_lock_text())["uv"]}
    assert lockfile._entry(_lock_text(), "uv") in bootstrap  # the same hashes


def test_the_lock_is_what_runs():
    """After `make book` (the Makefile syncs the environment to the lock), the installed
    versions are the locked ones, and nothing else is installed."""
    own = (lockfile.name(_engine()["project"]["name"]), lockfile.name(_project()["project"]["name"]))
    assert lockfile.differences(lockfile.read(PROJECT), lockfile.installed(own)) == {}


def test_the_installed_packages_are_compiled_to_bytecode():
    """The Makefile installs the lock compiled (uv pip sync --compile-bytecode): where
    PYTHONDONTWRITEBYTECODE is set, an uncompiled environment makes every process
    compile what it imports again (seconds for each Sphinx build, kernel and worker)."""
    import importlib
    import importlib.util

    for name in ("sphinx.application", "docutils.nodes", "pandas.core.frame", "matplotlib.pyplot", "debugpy"):
        source = importlib.import_module(name).__file__
        assert Path(importlib.util.cache_from_source(source)).is_file(), f"{source} has no bytecode"


def test_a_difference_from_the_lock_is_named():
    assert lockfile.differences({"pandas": "3.1.1", "uv": "0.13.9"}, {"pandas": "3.0.0", "extra": "1.0"}) == {
        "extra": [None, "1.0"], "pandas": ["3.1.1", "3.0.0"], "uv": ["0.13.9", None]}


def test_a_missing_lock_is_a_clear_error(copied):
    with pytest.raises(Exception) as err:
        lockfile.read(copied)
    assert "requirements.lock" in str(err.value) and "make lock" in str(err.value)


def test_the_engine_is_its_own_package_with_one_command():
    assert _engine()["project"]["name"] == "reprobook"
    assert _engine()["project"]["scripts"] == {"reprobook": "reprobook.cli:main"}
    assert "scripts" not in _project()["project"]
