"""Which notebooks are stale, decided from what they read when they last ran.

``notebooks/fingerprints.json`` (committed, so a fresh clone runs nothing)
keeps, for each notebook, the fingerprint of its code and of every input its
last run recorded (reprobook.execution.record): project files by path, and the
engine's and content package's modules by name. A notebook is stale when its
code, any of those files or any of those modules differs, or when it has no
record. Nothing is guessed from the notebook's source.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat

from .. import atomic, digest
from ..project import current

RECORD = "fingerprints.json"
SHORT = 16  # hex digits kept of each fingerprint


def _short(text: str) -> str:
    return text[:SHORT]


def record_path() -> Path:
    return current().notebooks / RECORD


def code_of(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def code_fingerprint(nb) -> str:
    return _short(digest.of_bytes(code_of(nb).encode()))


def file_fingerprint(rel: str) -> str | None:
    """A recorded file: a path from the project root, or pkg:<package>/<path> inside a package."""
    if rel.startswith("pkg:"):
        package, _, inner = rel[4:].partition("/")
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(list(spec.submodule_search_locations)[0]) / inner
    else:
        path = current().root / rel
    return _short(digest.of_file(path)) if path.is_file() else None


def module_fingerprint(name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not Path(spec.origin).is_file():
        return None
    return _short(digest.of_file(Path(spec.origin)))


def entry(nb, report: dict) -> dict:
    """What to keep of a run: the code, and every recorded input with its fingerprint."""
    return {"code": code_fingerprint(nb),
            "files": {rel: file_fingerprint(rel) for rel in report["files"]},
            "modules": {name: module_fingerprint(name) for name in report["modules"]}}


def recorded() -> dict:
    path = record_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save(updates: dict) -> None:
    merged = {**recorded(), **updates}
    atomic.write_text(record_path(), json.dumps(dict(sorted(merged.items())), indent=1, sort_keys=True) + "\n")


def why_stale(path: Path, records: dict | None = None) -> str | None:
    """Why a notebook must run again (None: it is up to date)."""
    rec = (recorded() if records is None else records).get(path.name)
    if not isinstance(rec, dict) or "code" not in rec:
        return "never run"
    nb = nbformat.read(path, as_version=4)
    if rec.get("code") != code_fingerprint(nb):
        return "its code changed"
    for rel, fp in rec.get("files", {}).items():
        if file_fingerprint(rel) != fp:
            return f"{rel} changed"
    for name, fp in rec.get("modules", {}).items():
        if module_fingerprint(name) != fp:
            return f"module {name} changed"
    return None


def is_stale(path: Path) -> bool:
    return why_stale(path) is not None


def notebooks() -> list[Path]:
    return sorted(current().notebooks.glob("*.ipynb"))


def stale(force: bool = False) -> list[Path]:
    records = recorded()
    return [p for p in notebooks() if force or why_stale(p, records) is not None]
