"""Versions come from the release records the repository carries (pipeline.records):
the commit a record names is that release. Any other commit is a development
version derived from the newest release it descends from and its distance from
it. Tags are not consulted: they may be missing from a clone."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

# X.Y.Z in ASCII digits without leading zeros, so that one version has one spelling
# (01.0.0 would sort equal to 1.0.0 and could take the place of `latest`).
RELEASE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def version(root: Path) -> str:
    """A recorded release's commit, checked out clean, gives its version (1.2.3);
    elsewhere 1.2.3.devN+gSHA (N commits after the newest release it descends from;
    0.0.0 before any), with .dirty for uncommitted edits."""
    from . import records

    head = git(root, "rev-parse", "HEAD")
    sha = (head or "unknown")[:10]
    dirty = ".dirty" if git(root, "status", "--porcelain", "--untracked-files=no") else ""
    ancestors = [r for r in records.read(root) if head and _is_ancestor(root, r.commit, head)]
    if ancestors:
        base = max(ancestors, key=lambda r: r.key())
        if base.commit == head and not dirty:
            return base.version
        distance = git(root, "rev-list", "--count", f"{base.commit}..HEAD") or "0"
        return f"{base.version}.dev{distance}+g{sha}{dirty}"
    count = git(root, "rev-list", "--count", "HEAD") or "0"
    return f"0.0.0.dev{count}+g{sha}{dirty}"


def _is_ancestor(root: Path, commit: str, head: str) -> bool:
    done = subprocess.run(["git", "merge-base", "--is-ancestor", commit, head], cwd=root, capture_output=True)
    return done.returncode == 0


def is_release(v: str) -> bool:
    return bool(RELEASE.fullmatch(v))  # fullmatch: "$" would let a trailing newline through


def key(v: str) -> tuple[int, int, int]:
    return tuple(int(x) for x in RELEASE.fullmatch(v).groups())


def releases(root: Path) -> list[str]:
    """Recorded release versions, oldest first."""
    from . import records

    return [r.version for r in records.read(root)]


def commit_of(root: Path, release: str) -> str | None:
    from . import records

    return next((r.commit for r in records.read(root) if r.version == release), None)


def previous_release(root: Path, v: str) -> str | None:
    """The release a build is compared with: for a release, the one before it; for a
    development build, the release it grew from (None before the first release)."""
    if is_release(v):
        earlier = [r for r in releases(root) if key(r) < key(v)]
        return earlier[-1] if earlier else None
    base = v.split(".dev")[0]
    return base if is_release(base) and base in releases(root) else None
