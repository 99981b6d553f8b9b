"""Versions come from git tags: v1.2.3 is release 1.2.3. A build between tags is
a development version derived from the last tag and the commit."""
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
    """v1.2.3 on a clean checkout of the tag gives 1.2.3; elsewhere 1.2.3.devN+gSHA
    (N commits after the tag; 0.0.0 before any tag), with .dirty for uncommitted edits."""
    described = git(root, "describe", "--tags", "--long", "--match", "v[0-9]*.[0-9]*.[0-9]*")
    sha = git(root, "rev-parse", "--short=10", "HEAD") or "unknown"
    dirty = ".dirty" if git(root, "status", "--porcelain", "--untracked-files=no") else ""
    if described:
        tag, distance, _ = described.rsplit("-", 2)
        base = tag.lstrip("v")
        if is_release(base):
            if distance == "0" and not dirty:
                return base
            return f"{base}.dev{distance}+g{sha}{dirty}"
    count = git(root, "rev-list", "--count", "HEAD") or "0"
    return f"0.0.0.dev{count}+g{sha}{dirty}"


def is_release(v: str) -> bool:
    return bool(RELEASE.fullmatch(v))  # fullmatch: "$" would let a trailing newline through


def key(v: str) -> tuple[int, int, int]:
    return tuple(int(x) for x in RELEASE.fullmatch(v).groups())


def releases(root: Path) -> list[str]:
    """Release versions tagged in the repository, oldest first."""
    tags = (git(root, "tag", "--list", "v[0-9]*") or "").split()
    return sorted((t[1:] for t in tags if is_release(t[1:])), key=key)


def previous_release(root: Path, v: str) -> str | None:
    """The release a build is compared with: for a release, the one before it; for a
    development build, the release it grew from (None before the first release)."""
    if is_release(v):
        earlier = [r for r in releases(root) if key(r) < key(v)]
        return earlier[-1] if earlier else None
    base = v.split(".dev")[0]
    return base if is_release(base) and base in releases(root) else None
