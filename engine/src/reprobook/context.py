"""What the pipeline hands Sphinx, computed before Sphinx starts: one folder
per edition (``<build>/context/<lang>/``) holding

    stamp.json     the version, commit, date and data fingerprint, and what each
                   page's furniture links to (the PDF, the data archive)
    changes.json   the values and passages that differ from the previous release
    cite.json      how to cite this version and the original (from CITATION.cff)
    environment.json  what made this version: locked Python packages, Debian's TeX, npm
    figures/<notebook>/<key>.svg, .pdf, .json
                   each glued figure's images (charts as the notebook drew them,
                   diagrams drawn by the pipeline) with its alt text and provenance
    glued/<notebook>/<key>.sha256
                   the fingerprint of each glued value: what a page that pastes the
                   value depends on, so that a notebook's new run re-reads the pages
                   whose pasted values changed, not every page that pastes from it

Files are rewritten only when their bytes change, and the extension notes each
file it reads as a dependency of the page that reads it, so Sphinx re-reads a
page exactly when something it shows has changed. The pipeline writes this
folder and the extension reads it; neither imports the other.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

STAMP = "stamp.json"
CHANGES = "changes.json"
CITE = "cite.json"
ENVIRONMENT = "environment.json"
FIGURES = "figures"
GLUED = "glued"


def folder(build: Path, lang: str) -> Path:
    return Path(build) / "context" / lang


def figure_base(context_folder: Path, notebook: str, key: str) -> Path:
    """The images and description of one figure, without their suffixes."""
    return Path(context_folder) / FIGURES / notebook / key


def glued_mark(context_folder: Path, notebook: str, key: str) -> Path:
    """The file whose bytes are the fingerprint of one glued value (the key quoted:
    a notebook may glue any name, and none may lead out of the folder)."""
    return Path(context_folder) / GLUED / notebook / (quote(key, safe="") + ".sha256")


def dumps(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def write(path: Path, data: bytes | str | dict | list) -> bool:
    """Write `path` if its bytes differ (True if written), atomically."""
    from .atomic import write_bytes

    raw = data if isinstance(data, bytes) else data.encode("utf-8") if isinstance(data, str) else dumps(data)
    path = Path(path)
    if path.is_file() and path.read_bytes() == raw:
        return False
    write_bytes(path, raw)
    return True


def read(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
