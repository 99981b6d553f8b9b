"""The ledger: which notebooks are stale, decided from what they read when they
last ran.

``notebooks/ledger.json`` (committed, so a fresh clone runs nothing) keeps, for
each notebook, the fingerprint of its code and of every input its last run
recorded (reprobook.execution.record): project files by path, settings of
reprobook.yaml by key, and the engine's and content package's modules by name.
A notebook is stale when its code, any of those inputs, or any of those modules
differs, or when it has no entry. Nothing is guessed from the notebook's source.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat

from .. import atomic, digest

RECORD = "ledger.json"
SHORT = 16  # hex digits kept of each fingerprint


def _short(text: str) -> str:
    return text[:SHORT]


def path(project) -> Path:
    return project.notebooks / RECORD


def code_of(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def code_fingerprint(nb) -> str:
    return _short(digest.of_bytes(code_of(nb).encode()))


# What a run records for an input saved again while the notebook ran: the outputs may
# come from either version, so the notebook stays stale (no fingerprint equals this).
CHANGED_WHILE_RUNNING = "changed while the notebook ran"


def _file(project, rel: str) -> Path | None:
    """A recorded file: a path from the project root, or pkg:<package>/<path> inside a package."""
    if rel.startswith("pkg:"):
        package, _, inner = rel[4:].partition("/")
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        return Path(list(spec.submodule_search_locations)[0]) / inner
    return project.root / rel


def file_fingerprint(project, rel: str) -> str | None:
    file = _file(project, rel)
    return _short(digest.of_file(file)) if file is not None and file.is_file() else None


def setting_fingerprint(project, key: str) -> str | None:
    value = project.setting(key)
    return None if value is None else _short(digest.of_bytes(json.dumps(value, sort_keys=True).encode()))


def module_fingerprint(name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not Path(spec.origin).is_file():
        return None
    return _short(digest.of_file(Path(spec.origin)))


def _recorded_file(project, rel: str, started_ns: int | None) -> str | None:
    """A file's fingerprint as the run read it: taken after the run, so a file saved
    since the run started is recorded as such, not as the version the run never saw."""
    file = _file(project, rel)
    if started_ns is not None and file is not None and file.is_file() and file.stat().st_mtime_ns >= started_ns:
        return CHANGED_WHILE_RUNNING
    return file_fingerprint(project, rel)


def entry(project, nb, report: dict, started_ns: int | None = None) -> dict:
    """What to keep of a run that started at `started_ns` (time.time_ns()): the code,
    and every recorded input with its fingerprint."""
    return {"code": code_fingerprint(nb),
            "files": {rel: _recorded_file(project, rel, started_ns) for rel in report["files"]},
            "settings": {key: setting_fingerprint(project, key) for key in report["settings"]},
            "modules": {name: module_fingerprint(name) for name in report["modules"]}}


def recorded(project) -> dict:
    file = path(project)
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}


def save(project, updates: dict) -> None:
    merged = {**recorded(project), **updates}
    atomic.write_text(path(project), json.dumps(dict(sorted(merged.items())), indent=1, sort_keys=True) + "\n")


def why_stale(project, notebook: Path, records: dict | None = None) -> str | None:
    """Why a notebook must run again (None: it is up to date)."""
    rec = (recorded(project) if records is None else records).get(notebook.name)
    if not isinstance(rec, dict) or "code" not in rec:
        return "never run"
    nb = nbformat.read(notebook, as_version=4)
    if rec.get("code") != code_fingerprint(nb):
        return "its code changed"
    for rel, fp in rec.get("files", {}).items():
        if file_fingerprint(project, rel) != fp:
            return f"{rel} changed"
    for key, fp in rec.get("settings", {}).items():
        if setting_fingerprint(project, key) != fp:
            return f"setting '{key}' of reprobook.yaml changed"
    for name, fp in rec.get("modules", {}).items():
        if module_fingerprint(name) != fp:
            return f"module {name} changed"
    return None


def notebooks(project) -> list[Path]:
    return sorted(project.notebooks.glob("*.ipynb"))


def stale(project, force: bool = False) -> list[Path]:
    records = recorded(project)
    return [p for p in notebooks(project) if force or why_stale(project, p, records) is not None]
