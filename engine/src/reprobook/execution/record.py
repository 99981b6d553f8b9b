"""What a notebook reads, recorded while it runs, so that staleness is decided
from facts rather than guessed from the notebook's code.

Every engine function that reads a project file (a data resource, the
descriptor, a diagram, a label file, the registry) calls ``read(path)``.
After a notebook's cells have run, the runner asks its kernel for
``report()``: those files, and the modules of the engine and of the content
package that the notebook imported. The runner fingerprints them
(reprobook.execution.cache).

``watch_opens()`` also notes every file of the project that the kernel opens,
by any means; the runner refuses a notebook that opened a project file the
engine did not record, since such an input would never make it stale.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

_READ: set[str] = set()
_OPENED: set[str] = set()
_WATCHING: list[Path] = []


def _name(path) -> str:
    from ..project import current

    return _name_of(str(path), str(Path.cwd()), current().root)


@lru_cache(maxsize=4096)  # the same few files are read thousands of times in a build
def _name_of(path: str, cwd: str, root: Path) -> str:
    """A project file by its path from the root; a file of the engine or the
    content package (their label files) as ``pkg:<package>/<path>``, wherever installed."""
    from ..project import current

    path = (Path(cwd) / path).resolve()
    for package in packages():
        home = _package_dir(package)
        if home and home in path.parents:
            return f"pkg:{package}/{path.relative_to(home).as_posix()}"
    return current().relative(path)


def _package_dir(package: str) -> Path | None:
    mod = sys.modules.get(package)
    if mod is None or not getattr(mod, "__file__", None):
        return None
    return Path(mod.__file__).resolve().parent


def read(path) -> None:
    """Note that the running notebook reads `path` (a project file)."""
    _READ.add(_name(path))


def packages() -> tuple[str, ...]:
    from ..project import current

    return tuple(p for p in ("reprobook", current().content_package) if p)


def modules() -> list[str]:
    """The engine's and the content package's modules imported in this process."""
    tops = packages()
    return sorted(name for name, mod in list(sys.modules.items())
                  if name.split(".")[0] in tops and getattr(mod, "__file__", None))


def report() -> dict:
    return {"files": sorted(_READ), "modules": modules(), "opened": sorted(_OPENED - _READ)}


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
    if path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts or not path.is_file():
        return  # modules are recorded by name, from sys.modules
    _OPENED.add(path.relative_to(root).as_posix())


def watch_opens() -> None:
    """Note every file this process opens in the project's input folders (data,
    labels, notebooks, book) or at its root, from now on. An audit hook cannot be
    removed: kernels that use it are started for one notebook."""
    from ..project import current

    if not _WATCHING:
        project = current()
        _WATCHING.extend([project.root, project.data, project.labels, project.notebooks, project.book])
        sys.addaudithook(_on_open)
