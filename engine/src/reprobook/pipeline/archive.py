"""The data package of one version as one archive: every file under data/ (the
CSV files, the descriptor, the diagrams and the README), in a zip whose bytes
depend only on those files and the build date (SOURCE_DATE_EPOCH), so a
rebuild of the same commit gives the same archive.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from .. import atomic


def members(data: Path) -> list[Path]:
    """The files of the data package, in a fixed order; hidden files left out."""
    return sorted(p for p in data.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(data).parts))


def data_package(project, dest: Path, st) -> Path:
    """Write the archive to `dest`: its entries under one folder named like it."""
    when = dt.datetime.fromtimestamp(int(st.epoch), tz=dt.timezone.utc)
    # A zip stores local time fields from 1980 on; earlier epochs (0 in tests) are clamped.
    stamp = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    top = dest.name.removesuffix(".zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in members(project.data):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(project.data).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine builds it
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    atomic.write_bytes(dest, buffer.getvalue())
    return dest
