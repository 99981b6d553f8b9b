"""Glue: how a notebook hands a value to the book. The writer (used in
notebooks) and the reader (used by the Sphinx extension, the "what changed"
page and the tests) live here together, so the format has one definition.

A glued value is one hidden output of the notebook, made with myst-nb's
``glue(..., display=False)``, whose data hold one JSON document:

    {"kind": "number" | "text" | "markdown" | "table" | "figure",
     "value": <the number, for kind number>,
     "lang": {"id": {"text": ..., "markdown": ..., "svg": ..., "pdf": <base64>, "alt": ..., "source": ...},
              "en": {...}}}

A notebook runs once and glues every language of the project, so a data edit
re-runs it once, whatever the number of editions. Figures carry SVG (HTML)
and PDF (LaTeX), both saved without dates so the stored output is the same on
every run.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

MIME = "application/vnd.reprobook.glue+json"
PREFIX = "application/papermill.record/"  # myst-nb's mark of a glued output
KINDS = ("number", "text", "markdown", "table", "figure")


class GlueNotFound(LookupError):
    pass


# --- the writer, in a notebook's kernel ------------------------------------------------------


def _langs() -> tuple[str, ...]:
    from .project import current

    return current().languages


def _per_lang(value, what: str) -> dict:
    """One value for every language: a mapping by language, or one value for all."""
    langs = _langs()
    if isinstance(value, dict):
        missing = [lang for lang in langs if lang not in value]
        if missing:
            raise ValueError(f"{what}: no text for language(s) {missing}")
        return {lang: value[lang] for lang in langs}
    return {lang: value for lang in langs}


class _Glued:
    """What IPython displays: the JSON document, and a short plain text for people
    reading the notebook itself."""

    def __init__(self, doc: dict, plain: str):
        self.doc, self.plain = doc, plain

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME: self.doc, "text/plain": self.plain}


def _glue(key: str, kind: str, per_lang: dict, value=None) -> None:
    from myst_nb import glue as myst_glue

    doc = {"kind": kind, "lang": per_lang}
    if value is not None:
        doc["value"] = value
    first = next(iter(per_lang.values()))
    plain = first.get("text") or first.get("alt") or first.get("markdown", "")[:80]
    myst_glue(key, _Glued(doc, plain), display=False)
    # The helpers return nothing on purpose: a table returned as a cell's result
    # would register its label twice (notebook page and chapter).


def number(key: str, value, digits: int | None = None) -> None:
    """A number, written in each language's convention: whole numbers with the
    thousands separator, others with `digits` decimals."""
    from .numbers import fmt_dec, fmt_int

    if digits is None:
        if float(value) != int(value):
            raise ValueError(f"{key}: {value!r} is not whole; give digits")
        texts = {lang: fmt_int(int(value), lang) for lang in _langs()}
        raw = int(value)
    else:
        texts = {lang: fmt_dec(float(value), digits, lang) for lang in _langs()}
        raw = float(value)
    _glue(key, "number", {lang: {"text": t, "markdown": t} for lang, t in texts.items()}, raw)


def text(key: str, value) -> None:
    """A short text: one for all languages (a year, a name) or one per language."""
    _glue(key, "text", {lang: {"text": t, "markdown": t} for lang, t in _per_lang(value, key).items()})


def markdown(key: str, value) -> None:
    """A short MyST passage (a note with a cross-reference), per language or for all."""
    _glue(key, "markdown", {lang: {"markdown": t} for lang, t in _per_lang(value, key).items()})


def table(key: str, value) -> None:
    """A MyST table block (reprobook.render.tables), per language or for all;
    a chapter pastes it with ``{nbtable}``."""
    _glue(key, "table", {lang: {"markdown": t} for lang, t in _per_lang(value, key).items()})


def figure(key: str, figs, alt, source) -> None:
    """A matplotlib figure (or one per language) with its alt text and provenance
    line; a chapter pastes it with ``{nbfigure}``."""
    from .render.figures import vector

    figs, alt, source = _per_lang(figs, key), _per_lang(alt, key), _per_lang(source, key)
    per_lang = {}
    rendered: dict[int, tuple[str, str]] = {}
    for lang, fig in figs.items():
        if id(fig) not in rendered:
            rendered[id(fig)] = vector(fig)
        svg, pdf = rendered[id(fig)]
        per_lang[lang] = {"svg": svg, "pdf": pdf, "alt": alt[lang], "source": source[lang]}
    _glue(key, "figure", per_lang)


def diagram(d, names, notebook: str, key: str | None = None, source=None) -> None:
    """A redrawn diagram (reprobook.data.diagrams) as figure ``fig-<number>``: the
    drawing, its text equivalent built from the data, and its provenance line.
    `names` maps each language to the reader-facing names of the legend."""
    from .render import drawing, provenance

    names = _per_lang(names, "names")
    figs = {lang: drawing.draw(d, names[lang], lang=lang) for lang in names}
    alt = {lang: drawing.alt_text(d, names[lang], lang=lang) for lang in names}
    src = _per_lang(source, key or d.figure) if source is not None else {
        lang: provenance.diagram(d, notebook, lang) for lang in names}
    figure(key or "fig-" + d.figure.replace(".", "-"), figs, alt, src)


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
def _cached(path: str, mtime_ns: int) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        return documents(json.load(fh))


def read(notebook: Path) -> dict[str, dict]:
    """Every glued document of a notebook file, read once per version of the file."""
    notebook = Path(notebook)
    return _cached(str(notebook), notebook.stat().st_mtime_ns)


def get(notebook: Path, key: str, lang: str, field: str, kinds: tuple[str, ...] = KINDS) -> str:
    """One field ("text", "markdown", "svg", "pdf", "alt", "source") of a glued value in `lang`."""
    docs = read(notebook)
    if key not in docs:
        raise GlueNotFound(f"{Path(notebook).name}: no glued output named '{key}' (run the notebook: make notebooks)")
    doc = docs[key]
    if doc.get("kind") not in kinds:
        raise GlueNotFound(f"{Path(notebook).name}: '{key}' is a {doc.get('kind')}, not a {' or '.join(kinds)}")
    per_lang = doc.get("lang", {})
    if lang not in per_lang:
        raise GlueNotFound(f"{Path(notebook).name}: '{key}' has no '{lang}' version (run the notebook: make notebooks)")
    if field not in per_lang[lang]:
        raise GlueNotFound(f"{Path(notebook).name}: '{key}' has no {field}")
    return per_lang[lang][field]


def split_ref(ref: str) -> tuple[str, str]:
    """'/notebooks/x.ipynb::key' -> ('/notebooks/x.ipynb', 'key')."""
    if "::" not in ref:
        raise ValueError(f"expected 'notebook.ipynb::key', got {ref!r}")
    path, key = ref.split("::", 1)
    return path, key
