"""The version stamp of a build: version, commit, build date and data fingerprint.

The date comes from SOURCE_DATE_EPOCH, or else the commit's date, never the wall
clock, so the same commit builds the same book.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rudibook import paths, versioning  # noqa: E402


version = versioning.version


def epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = versioning.git("log", "-1", "--format=%ct")
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
        "commit": versioning.git("rev-parse", "HEAD") or "unknown",
        "date": when.strftime("%Y-%m-%d"),
        "epoch": str(epoch()),
        "data": data_fingerprint(),
    }


if __name__ == "__main__":
    for k, v in stamp().items():
        print(f"{k}: {v}")
