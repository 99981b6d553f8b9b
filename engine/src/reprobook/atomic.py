"""Atomic replacement: the one way the engine puts a finished output where
readers and tools find it.

A file is written beside its target and renamed over it. A folder that people
open by a fixed name (``_build/html``, ``_build/pdf``, ``_build/site``) is a
symbolic link into a hidden store of finished folders ("generations") beside
it; installing a new one is a single rename of that link, so a process killed
at any instant leaves either the old folder or the new one, never a mix and
never nothing. Each install removes the generations its link no longer shows; what a
killed process left (a staging folder, an unswitched link) is swept by the next
build, under the build lock.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from . import faults

STORE = ".generations"
LEGACY = "legacy"  # a real folder found where the link belongs (an older layout), kept until relinked


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def store(link: Path) -> Path:
    return link.parent / STORE


def staging(link: Path) -> Path:
    """A new, empty folder in the store, to be filled and then installed at `link`."""
    ensure_link(link)
    path = store(link) / f".tmp-{link.name}.{uuid.uuid4().hex[:12]}"
    path.mkdir(parents=True)
    return path


def ensure_link(link: Path) -> None:
    """Bring an older layout (a real folder at `link`) into the store, and relink
    a legacy folder whose link was lost to a kill during that move."""
    legacy = store(link) / f"{link.name}.{LEGACY}"
    if link.is_dir() and not link.is_symlink():
        store(link).mkdir(parents=True, exist_ok=True)
        link.rename(legacy)
    if not os.path.lexists(link) and legacy.is_dir():
        _switch(link, legacy)


def _switch(link: Path, target: Path) -> None:
    tmp = link.with_name(f".{link.name}.link-{uuid.uuid4().hex[:8]}")
    os.symlink(os.path.relpath(target, link.parent), tmp)
    os.replace(tmp, link)  # the switch: one rename


def install(staged: Path, link: Path) -> None:
    """Make `link` show the finished folder `staged`, in one atomic switch."""
    ensure_link(link)
    home = store(link)
    home.mkdir(parents=True, exist_ok=True)
    final = home / f"{link.name}.{uuid.uuid4().hex[:12]}"
    if Path(staged).resolve().parent == home.resolve():
        os.rename(staged, final)
    else:
        shutil.move(str(staged), str(final))
    try:
        faults.point("stored")
        _switch(link, final)
    except BaseException:
        shutil.rmtree(final, ignore_errors=True)  # never shown: nothing to keep
        raise
    faults.point("switched")
    _drop_old(link)


def _drop_old(link: Path) -> None:
    """Remove the generations of `link` other than the one it shows now."""
    shown = link.resolve()
    for gen in store(link).glob(f"{link.name}.*"):
        if gen.resolve() != shown:
            shutil.rmtree(gen, ignore_errors=True)


def current(link: Path) -> Path | None:
    """The folder `link` shows, or None before the first install."""
    ensure_link(link)
    return link.resolve() if link.exists() else None


def sweep(parent: Path) -> None:
    """Remove every generation, staging folder and half-made link in `parent` that
    no link names: what a killed process left. Call it only while no other process
    is staging (under the build lock)."""
    home = parent / STORE
    if not home.is_dir():
        return
    named = {Path(parent / p.name).resolve() for p in parent.iterdir() if p.is_symlink() and not p.name.startswith(".")}
    for p in parent.iterdir():
        if p.is_symlink() and p.name.startswith(".") and ".link-" in p.name:
            p.unlink()  # a link made but never switched in
    for gen in home.iterdir():
        if gen.resolve() in named:
            continue
        if gen.name.endswith(f".{LEGACY}") and not os.path.lexists(parent / gen.name.rsplit(".", 1)[0]):
            continue  # its link is still to be made (ensure_link)
        if gen.is_dir() and not gen.is_symlink():
            shutil.rmtree(gen, ignore_errors=True)
        else:
            gen.unlink(missing_ok=True)


def clone(src: Path | None, dst: Path) -> None:
    """Fill `dst` with hard links to the files of `src` (links copied as links),
    so an untouched folder costs nothing to carry into the next generation.
    Files in a generation are never written in place, only replaced."""
    if src is None:
        return
    for path in sorted(Path(src).rglob("*")):
        out = dst / path.relative_to(src)
        if path.is_symlink():
            out.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(path), out)
        elif path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, out)
