"""Fingerprints: the one way the engine hashes bytes, files and folders
(notebook inputs, the data fingerprint on every page, published trees, the
manifests of recorded releases), and a file's status, which tells a process
cheaply that a file it has read is still the one it read."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def of_file(path: Path) -> str:
    return of_bytes(Path(path).read_bytes())


def of_tree(folder: Path) -> str:
    """Every file's path and bytes, and every link's target, below `folder`,
    named relative to it, so a copy elsewhere hashes alike."""
    digest = hashlib.sha256()
    folder = Path(folder)
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix().encode()
        if p.is_symlink():
            digest.update(b"L" + rel + b"\0" + os.readlink(p).encode())
        elif p.is_file():
            digest.update(b"F" + rel + b"\0" + p.read_bytes())
    return digest.hexdigest()


def manifest(folder: Path) -> str:
    """Every file below `folder` with its fingerprint, one per line, in the format of
    `sha256sum` (so `sha256sum -c` checks a copy); a link is listed by its target."""
    folder = Path(folder)
    lines = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            lines.append(f"link:{os.readlink(p)}  {rel}")
        elif p.is_file():
            lines.append(f"{of_file(p)}  {rel}")
    return "".join(line + "\n" for line in lines)


def manifest_entries(text: str) -> dict[str, str]:
    """path -> fingerprint of a manifest's lines."""
    return {rel: fp for fp, rel in (line.split("  ", 1) for line in text.splitlines() if line)}


def status(path: Path) -> tuple | None:
    """A regular file's link and target (inode, time, size), or None when there is
    none: it changes when the file is written, replaced, or reached through another
    link. A cache within one process keys on it; what is stored or compared across
    processes is hashed."""
    try:
        link, info = os.lstat(path), os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (link.st_ino, link.st_mtime_ns, info.st_ino, info.st_mtime_ns, info.st_size)
