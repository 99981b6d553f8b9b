"""The version stamp of a build: version, commit, build date and data fingerprint.

The date comes from SOURCE_DATE_EPOCH, or else the commit's date, never the wall
clock, so the same commit builds the same book.
"""
from __future__ import annotations

import datetime as dt
import os

from .. import digest
from ..project import current
from . import version


def epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = version.git("log", "-1", "--format=%ct")
    return int(committed) if committed else 0


def data_fingerprint() -> str:
    return digest.of_tree(current().data)[:12]


def stamp() -> dict:
    when = dt.datetime.fromtimestamp(epoch(), tz=dt.timezone.utc)
    return {
        "version": version.version(),
        "commit": version.git("rev-parse", "HEAD") or "unknown",
        "date": when.strftime("%Y-%m-%d"),
        "epoch": str(epoch()),
        "data": data_fingerprint(),
    }
