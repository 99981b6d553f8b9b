"""Run the notebooks whose inputs changed, and only those.

A notebook's inputs are its own code, the data resources it loads, its label
file, and the shared package. Their fingerprints are kept in
notebooks/fingerprints.json (committed, so a fresh clone runs nothing); a
notebook is re-executed only when its fingerprint differs, and its file is
rewritten only when its outputs changed, so Sphinx re-reads only the pages that
use outputs which really changed. Jupyter Book's own cache sees code changes
but not data.
"""
from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import nbformat
import zmq

from . import datapackage, paths

_LOAD = re.compile(r"""datapackage\.(load|resource)\(\s*["'](\w+)["']""")
_PUBLISHED = re.compile(r"datapackage\.published\(")
_LABELS = re.compile(r"""labels\.load\(\s*["'](\w+)["']""")
_DIAGRAM = re.compile(r"""diagrams\.load\(\s*["']([\w-]+)["']""")


def _reconciled_locations(code: str):
    """The `locations=[...]` of each reconcile.reconcile() call (None: all of them)."""
    for node in ast.walk(ast.parse(code)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "reconcile"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "reconcile"):
            kw = {k.arg: k.value for k in node.keywords}
            yield ast.literal_eval(kw["locations"]) if "locations" in kw else None


def code_of(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def inputs_of(nb) -> list[Path]:
    """Files a notebook reads, from the loader calls in its code."""
    code = code_of(nb)
    names = {m.group(2) for m in _LOAD.finditer(code)}
    if _PUBLISHED.search(code):
        names.add("registry")
    for locations in _reconciled_locations(code):
        from . import reconcile
        names.update(reconcile.resources_for(locations))
    files = [paths.DATA / (f"{n}.yaml" if n.startswith("diagrams/") else datapackage.resource(n)["path"])
             for n in sorted(names)]
    files += [paths.LABELS / f"{m.group(1)}.yaml" for m in _LABELS.finditer(code)]
    files += [paths.DATA / "diagrams" / f"{m.group(1)}.yaml" for m in _DIAGRAM.finditer(code)]
    if "provenance.source(" in code:
        files.append(paths.LABELS / "common.yaml")
    files.append(paths.DESCRIPTOR)
    return sorted(set(files), key=lambda f: (f.parent.name, f.name))


def fingerprint(nb) -> str:
    digest = hashlib.sha256(code_of(nb).encode())
    for f in inputs_of(nb):  # named by folder and file, so a copy of data/ elsewhere hashes alike
        digest.update(f"{f.parent.name}/{f.name}".encode() + b"\0" + f.read_bytes())
    for f in sorted((paths.ROOT / "src" / "rudibook").glob("*.py")):
        if f.name in BUILD_ONLY:
            continue
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


# Modules that run the build, not the notebooks: editing them changes no output.
BUILD_ONLY = {"execute.py", "sphinxext.py", "changes.py", "versioning.py"}


FINGERPRINTS = paths.NOTEBOOKS / "fingerprints.json"


def _recorded() -> dict:
    import json

    return json.loads(FINGERPRINTS.read_text(encoding="utf-8")) if FINGERPRINTS.exists() else {}


def _record(updates: dict) -> None:
    import json

    merged = {**_recorded(), **updates}
    FINGERPRINTS.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n", encoding="utf-8")


def is_stale(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    return _recorded().get(path.name) != fingerprint(nb)


def execute(path: Path, timeout: int = 300) -> str:
    """Run a notebook; store it only if its outputs changed. Returns its fingerprint."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for attempt in (1, 2):
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
            break
        except zmq.error.ZMQError:  # a kernel port taken between choosing and binding it: start once more
            if attempt == 2:
                raise
    for cell in nb.cells:  # volatile per-run metadata must not reach the stored notebook
        cell.metadata.pop("execution", None)
    text = nbformat.writes(nb) + "\n"
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return fingerprint(nb)


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def run_stale(force: bool = False, log=print) -> list[Path]:
    """Execute the stale notebooks, one process per core: most of a notebook's
    time is its kernel starting, which parallelises well."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    stale = [p for p in notebooks() if force or is_stale(p)]
    for path in stale:
        log(f"executing {path.relative_to(paths.ROOT)}")
    if len(stale) > 1:
        with ProcessPoolExecutor(max_workers=min(len(stale), os.cpu_count() or 1)) as pool:
            prints = list(pool.map(execute, stale))  # re-raises the first failure
    else:
        prints = [execute(p) for p in stale]
    if stale:
        _record({p.name: f for p, f in zip(stale, prints)})
    return stale


if __name__ == "__main__":
    import sys

    ran = run_stale(force="--force" in sys.argv[1:])
    print(f"{len(ran)} notebook(s) executed, {len(notebooks()) - len(ran)} up to date")
