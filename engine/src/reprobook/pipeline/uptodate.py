"""Whether an edition's Sphinx build has anything to do. Sphinx itself starts,
loads its saved state and rewrites pages even when no source changed: about
eight seconds on this book. Before each Sphinx job the engine takes one digest
of everything such a build reads, and skips the job when its work folder holds
a finished build of exactly that digest; the output is then the one that build
made, byte for byte.

The digest covers every file of the project that git tracks or would track
(sources, notebooks, data, strings, configuration, the content package), the
engine's own files, the edition's Sphinx request (with the stamp and the page
furniture), the pipeline's context folder, the Python version and every
installed distribution's version. Outside a git checkout nothing is skipped.
"""
from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from .. import digest

DIGEST = ".inputs"  # in a work folder: the digest of the inputs its last finished build read


def _project_files(project) -> list[Path] | None:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=project.root, capture_output=True)
    if listed.returncode != 0:
        return None
    build = project.build.resolve()
    files = []
    for rel in sorted(filter(None, listed.stdout.decode("utf-8", "surrogateescape").split("\0"))):
        path = project.root / rel
        if path.is_file() and build not in path.resolve().parents:
            files.append(path)
    return files


def sources(project) -> str | None:
    """The digest of what every edition's build reads alike: the project's files, the
    engine's, the installed packages. Taken once per build; None if it cannot be known."""
    files = _project_files(project)
    if files is None:
        return None
    root = project.root
    engine = Path(__file__).resolve().parents[1]
    parts = [sys.version]
    parts += [f"{p.relative_to(root).as_posix()} {digest.of_file(p)}" for p in files]
    parts += [f"engine:{p.relative_to(engine).as_posix()} {digest.of_file(p)}"
              for p in sorted(engine.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    parts += sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return digest.of_bytes("\n".join(parts).encode("utf-8", "surrogateescape"))


def inputs(common: str | None, builder: str, lang: str, request: dict, context_folder: Path) -> str | None:
    """The digest of what the `builder` build of edition `lang` reads: `common`
    (from sources()) with the edition's Sphinx request and its context folder."""
    if common is None:
        return None
    own = json.dumps([builder, lang, request], sort_keys=True) + "\n" + digest.of_tree(context_folder)
    return digest.of_bytes(f"{common}\n{own}".encode("utf-8", "surrogateescape"))


def is_done(folder: Path, wanted: str | None, output: Path) -> bool:
    """Whether `folder` holds a finished build of these inputs, its output in place."""
    return wanted is not None and output.is_dir() and done(folder) == wanted


def done(folder: Path) -> str | None:
    """The digest of the inputs the last finished build in `folder` read, if known."""
    marker = folder / DIGEST
    return marker.read_text(encoding="utf-8") if marker.is_file() else None


def record(folder: Path, read: str | None) -> None:
    """Note that the build in `folder` finished, having read inputs of digest `read`."""
    marker = folder / DIGEST
    if read is None:
        marker.unlink(missing_ok=True)
    else:
        marker.write_text(read, encoding="utf-8")
