"""The version stamp of a build: version, commit, build date and data fingerprint.

The date comes from SOURCE_DATE_EPOCH, or else the commit's date, never the wall
clock, so the same commit builds the same book.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rudibook import paths  # noqa: E402


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def version() -> str:
    """v1.2.3 on a tag gives 1.2.3; elsewhere 1.2.3.devN+gSHA (0.0.0 before any tag)."""
    described = _git("describe", "--tags", "--long", "--match", "v[0-9]*")
    sha = _git("rev-parse", "--short=10", "HEAD") or "unknown"
    dirty = ".dirty" if _git("status", "--porcelain", "--untracked-files=no") else ""
    if described:
        tag, distance, _ = described.rsplit("-", 2)
        base = tag.lstrip("v")
        if distance == "0" and not dirty:
            return base
        return f"{base}.dev{distance}+g{sha}{dirty}"
    count = _git("rev-list", "--count", "HEAD") or "0"
    return f"0.0.0.dev{count}+g{sha}{dirty}"


def epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = _git("log", "-1", "--format=%ct")
    return int(committed) if committed else 0


def data_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in paths.DATA.rglob("*") if p.is_file()):
        digest.update(path.relative_to(paths.DATA).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def stamp() -> dict:
    when = dt.datetime.fromtimestamp(epoch(), tz=dt.timezone.utc)
    return {
        "version": version(),
        "commit": _git("rev-parse", "HEAD") or "unknown",
        "date": when.strftime("%Y-%m-%d"),
        "epoch": str(epoch()),
        "data": data_fingerprint(),
    }


if __name__ == "__main__":
    for k, v in stamp().items():
        print(f"{k}: {v}")
