"""What a notebook reads, recorded while it runs, so that staleness is decided
from facts rather than guessed from the notebook's code.

Every engine function that reads a project file (a data resource, the
descriptor, a diagram, a strings file, the registry) calls ``file(name)``
with the file's name as the ledger keeps it; every project setting a notebook
reads through the engine is noted with ``setting(key)``. After a notebook's
cells have run, the runner asks its kernel for ``report()``: those files and
settings, and the modules of the engine and of the content package that the
notebook imported. The ledger fingerprints them (reprobook.execution.ledger).

``watch_opens()`` also notes every file of the project that the kernel opens,
by any means; the runner refuses a notebook that opened a project file the
engine did not record, since such an input would never make it stale.

This module is the kernel's own state: it imports nothing of the engine.
"""
from __future__ import annotations

import sys
from pathlib import Path

_FILES: set[str] = set()
_SETTINGS: set[str] = set()
_OPENED: set[str] = set()
_WATCHING: list[Path] = []
_PACKAGES: list[str] = ["reprobook"]
_SETTINGS_FILE: list[Path] = []  # reprobook.yaml: its reads are recorded setting by setting


def file(name: str) -> None:
    """Note that the running notebook reads the file `name` (relative to the
    project root, or ``pkg:<package>/<path>`` for a file inside a package)."""
    _FILES.add(name)


def setting(key: str) -> None:
    """Note that the running notebook reads the project setting `key` (of reprobook.yaml)."""
    _SETTINGS.add(key)


def modules() -> list[str]:
    """The engine's and the content package's modules imported in this process."""
    return sorted(name for name, mod in list(sys.modules.items())
                  if name.split(".")[0] in _PACKAGES and getattr(mod, "__file__", None))


def report() -> dict:
    return {"files": sorted(_FILES), "settings": sorted(_SETTINGS), "modules": modules(),
            "opened": sorted(_OPENED - _FILES)}


def _on_open(event: str, args: tuple) -> None:
    if event != "open" or not _WATCHING or not isinstance(args[0], (str, Path)):
        return
    try:
        path = Path(args[0]).resolve()
    except (ValueError, OSError):
        return
    root, *inputs = _WATCHING
    if path.parent != root and not any(folder in path.parents for folder in inputs):
        return
    if path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts or not path.is_file() or path in _SETTINGS_FILE:
        return  # modules are recorded by name, from sys.modules; settings by key
    _OPENED.add(path.relative_to(root).as_posix())


def watch_opens(root: str, folders: list[str], content_package: str | None, settings_file: str) -> None:
    """Note every file this process opens in the project's input folders or at its
    root, from now on (the settings file aside). An audit hook cannot be removed:
    kernels that use it are started for one notebook."""
    if content_package and content_package not in _PACKAGES:
        _PACKAGES.append(content_package)
    if not _WATCHING:
        _SETTINGS_FILE.append(Path(settings_file).resolve())
        _WATCHING.extend([Path(root).resolve(), *(Path(f).resolve() for f in folders)])
        sys.addaudithook(_on_open)
