"""Glue: how a notebook hands a typed value (reprobook.values) to the book. The
writer (in a notebook's kernel) and the reader (the Sphinx extension, the
"what changed" comparison, the tests) live here together, so the format has
one definition.

A glued value is one hidden output of the notebook, made with myst-nb's
``glue(..., display=False)``, whose data hold one JSON document:

    {"kind": "number", "value": {"n": 62518}}
    {"kind": "text",   "value": <a text, reprobook.values.encode>}
    {"kind": "table",  "columns": [{"header": <text>, "align": "r", "width": 10}, ...],
                       "rows": [[<text>, ...], ...], "caption": <text>, "provenance": {...},
                       "classes": [...], "key": [0]}
    {"kind": "figure", "images": {"<lang>" or "*": {"svgz": "<base64 gzip>", "pdf": "<base64>"}},
                       "alt": <text>, "provenance": {...}}
    {"kind": "diagram", "diagram": {...}, "legend": "<strings file>", "provenance": {...} or null}
    {"kind": "note",   "value": <text>}

No document holds markup: texts are references to strings, numbers are
numbers, and the book renders both in each edition's language.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from . import limits
from . import values as v
from .errors import ConfigError, NotebookError, Where

# Stored as one line of compact JSON (not "+json", which nbformat would indent across
# hundreds of lines): a table's records stay small in the notebook and in its diffs.
MIME = "application/vnd.reprobook.glue.v2"
PREFIX = "application/papermill.record/"  # myst-nb's mark of a glued output
KINDS = ("number", "text", "table", "figure", "diagram", "note")
RULE = "a pasted value is one that its notebook glues"


def document(value) -> dict:
    """The JSON document of a typed value (figures: their images already rendered)."""
    if isinstance(value, v.Num):
        return {"kind": "number", "value": v.encode(value)}
    if isinstance(value, v.Table):
        return {"kind": "table",
                "columns": [{"header": v.encode(c.header), "align": c.align} | ({"width": c.width} if c.width else {})
                            for c in value.columns],
                "rows": [[v.encode(cell) for cell in row] for row in value.rows],
                "caption": v.encode(value.caption),
                "provenance": v.encode(value.provenance) if value.provenance else None,
                "classes": list(value.classes), "key": list(value.key)}
    if isinstance(value, v.Figure):
        return {"kind": "figure", "images": {k: dict(i) for k, i in sorted(value.images.items())},
                "alt": v.encode(v.text(value.alt)),
                "provenance": v.encode(value.provenance) if value.provenance else None}
    if isinstance(value, v.Diagram):
        return {"kind": "diagram", "diagram": value.diagram, "legend": value.legend,
                "provenance": v.encode(value.provenance) if value.provenance else None}
    if isinstance(value, v.Note):
        return {"kind": "note", "value": v.encode(v.text(value.text))}
    return {"kind": "text", "value": v.encode(v.text(value))}


class _Glued:
    """What IPython displays: the JSON document, and a short plain text for people
    reading the notebook itself."""

    def __init__(self, doc: dict, plain: str):
        self.doc, self.plain = doc, plain

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME: json.dumps(self.doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                "text/plain": self.plain}


def _plain(doc: dict) -> str:
    kind = doc["kind"]
    if kind == "number":
        return str(doc["value"]["n"])
    if kind in ("text", "note"):
        return json.dumps(doc["value"], ensure_ascii=False)[:80]
    if kind == "table":
        return f"table: {len(doc['rows'])} rows × {len(doc['columns'])} columns"
    if kind == "diagram":
        return f"diagram {doc['diagram'].get('figure', '')}: {len(doc['diagram'].get('nodes', []))} nodes"
    return f"figure ({', '.join(doc['images'])})"


def write(key: str, value) -> None:
    """Glue `value` under `key` in the running notebook (nothing is displayed)."""
    from myst_nb import glue as myst_glue

    if isinstance(value, v.Table):
        limits.table(len(value.rows), f"glued value '{key}'", NotebookError)
    doc = document(value)
    myst_glue(key, _Glued(doc, _plain(doc)), display=False)


# --- the reader, for the book -----------------------------------------------------------------


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def documents(nb: dict) -> dict[str, dict]:
    """key -> glued JSON document of every glued output of a parsed notebook."""
    out = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            doc = output.get("data", {}).get(PREFIX + MIME)
            if name and doc is not None:
                out[name] = json.loads(_text(doc)) if isinstance(doc, (str, list)) else doc
    return out


@lru_cache(maxsize=64)
def _cached(path: str, mtime_ns: int, size: int) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        return documents(json.load(fh))


def read(notebook: Path) -> dict[str, dict]:
    """Every glued document of a notebook file, read once per version of the file."""
    info = Path(notebook).stat()
    return _cached(str(notebook), info.st_mtime_ns, info.st_size)


def get(notebook: Path, key: str, kinds: tuple[str, ...] = KINDS, shown: str | None = None) -> dict:
    """The glued document `key` of a notebook, of one of `kinds`."""
    shown = shown or Path(notebook).name
    if not Path(notebook).is_file():
        raise ConfigError(shown, RULE, "notebook not found")
    docs = read(notebook)
    if key not in docs:
        raise ConfigError(shown, RULE, f"no glued value named '{key}' (run the notebook: make notebooks)")
    doc = docs[key]
    if doc.get("kind") not in kinds:
        raise ConfigError(shown, RULE, f"'{key}' is a {doc.get('kind')}, not a {' or '.join(kinds)}")
    if doc["kind"] == "table":
        limits.table(len(doc.get("rows", [])), Where(shown, key=key))
    return doc


def table(doc: dict) -> v.Table:
    """A glued table as a typed value."""
    cols = tuple(v.Column(v.decode(c["header"]), c.get("align", "l"), c.get("width")) for c in doc["columns"])
    return v.Table(cols, tuple(tuple(v.decode(c) for c in row) for row in doc["rows"]), v.decode(doc["caption"]),
                   v.decode_provenance(doc.get("provenance")), tuple(doc.get("classes", ())), tuple(doc.get("key", (0,))))


def value(doc: dict):
    """The typed value of a number, text or note document."""
    return v.decode(doc["value"])


def split_ref(ref: str) -> tuple[str, str]:
    """'/notebooks/x.ipynb::key' -> ('/notebooks/x.ipynb', 'key')."""
    if "::" not in ref:
        raise ConfigError("", "a pasted value is named notebook.ipynb::key", f"expected 'notebook.ipynb::key', got {ref!r}")
    path, key = ref.split("::", 1)
    return path, key
