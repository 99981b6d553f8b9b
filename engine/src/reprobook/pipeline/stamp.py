"""The version stamp of a build: version, commit, build date and data fingerprint.

The date comes from SOURCE_DATE_EPOCH, or else the commit's date, never the wall
clock, so the same commit builds the same book.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass

from .. import digest
from . import version as versions


@dataclass(frozen=True)
class Stamp:
    version: str
    commit: str
    date: str  # YYYY-MM-DD
    epoch: int
    data: str  # the data folder's fingerprint, shortened

    @property
    def release(self) -> bool:
        return versions.is_release(self.version)

    def as_dict(self) -> dict:
        return asdict(self) | {"release": self.release}


def epoch(root) -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = versions.git(root, "log", "-1", "--format=%ct")
    return int(committed) if committed else 0


def of(project, version: str | None = None) -> Stamp:
    """The stamp of the checkout; `version` names a release being made (before its tag exists)."""
    when = epoch(project.root)
    return Stamp(version=version or versions.version(project.root),
                 commit=versions.git(project.root, "rev-parse", "HEAD") or "unknown",
                 date=dt.datetime.fromtimestamp(when, tz=dt.timezone.utc).strftime("%Y-%m-%d"),
                 epoch=when, data=digest.of_tree(project.data)[:12])
