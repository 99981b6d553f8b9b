"""The data package of one version as one archive: every file under data/ (the
CSV files, the descriptor, the diagrams and the README), and PDFS.txt, which
lists the version's PDFs (the whole book and each chapter, per language) with
their sizes and SHA-256 fingerprints, in a zip whose bytes depend only on those
files and the build date (SOURCE_DATE_EPOCH), so a rebuild of the same commit
gives the same archive.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from .. import atomic, digest

PDFS = "PDFS.txt"


def members(data: Path) -> list[Path]:
    """The files of the data package, in a fixed order; hidden files left out."""
    return sorted(p for p in data.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(data).parts))


def pdf_list(pdfs) -> str:
    """PDFS.txt: one line per PDF, tab-separated, under a header: file, bytes, sha256."""
    rows = [f"{p.name}\t{p.stat().st_size}\t{digest.of_file(p)}" for p in sorted(pdfs, key=lambda p: p.name)]
    return "\n".join(["file\tbytes\tsha256", *rows]) + "\n"


def data_package(project, dest: Path, st, pdfs=()) -> Path:
    """Write the archive to `dest`: its entries under one folder named like it (PDFS.txt
    among them when `pdfs`, the version's PDF files, are given)."""
    when = dt.datetime.fromtimestamp(int(st.epoch), tz=dt.timezone.utc)
    # A zip stores local time fields from 1980 on; earlier epochs (0 in tests) are clamped.
    stamp = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    top = dest.name.removesuffix(".zip")
    buffer = io.BytesIO()
    entries = [(path.relative_to(project.data).as_posix(), path.read_bytes()) for path in members(project.data)]
    if pdfs:
        entries.append((PDFS, pdf_list(pdfs).encode("utf-8")))
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine builds it
            zf.writestr(info, data, compresslevel=9)
    atomic.write_bytes(dest, buffer.getvalue())
    return dest
