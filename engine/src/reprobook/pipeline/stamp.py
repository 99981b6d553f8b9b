"""The version stamp of a build: version, commit, build date and data fingerprint.

The date comes from SOURCE_DATE_EPOCH, or else the commit's date, never the wall
clock, so the same commit builds the same book.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import asdict, dataclass

from .. import digest
from ..errors import ConfigError
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


# What a version may be spelled with: it names folders and files, and is written into
# HTML, LaTeX and JSON. Versions come from release records (X.Y.Z) or from git's commit
# names, never from a tag's free text; this is the one gate before they are used.
VERSION = re.compile(r"[0-9A-Za-z.+-]{1,64}")


def of(project, version: str | None = None) -> Stamp:
    """The stamp of the checkout; `version` names a release being made (before its record exists)."""
    when = epoch(project.root)
    version = version or versions.version(project.root)
    if not VERSION.fullmatch(version) or ".." in version:
        raise ConfigError("version", "a version is spelled with 0-9, A-Z, a-z, '.', '+' and '-'",
                          f"{version!r} is not a version")
    return Stamp(version=version,
                 commit=versions.git(project.root, "rev-parse", "HEAD") or "unknown",
                 date=dt.datetime.fromtimestamp(when, tz=dt.timezone.utc).strftime("%Y-%m-%d"),
                 epoch=when, data=digest.of_tree(project.data)[:12])
