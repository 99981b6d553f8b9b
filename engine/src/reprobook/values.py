"""The typed values a notebook hands to the book, and their JSON form.

A notebook computes; the book shows. What passes between them is data, never
finished rendering: a number with its precision, a text that is either the
same in every language, one text per language (from the data's ``_<lang>``
columns), or a reference to a string (``Ref``) whose words the edition's
language supplies when the page is built; a table as columns and rows of such
texts with its caption and provenance; a figure; a diagram as its data; a
reconciliation note. The Sphinx extension renders them in each edition
(reprobook.render), so a change to how tables, captions or numbers look re-runs
no notebook, and a new language re-runs none unless its figures carry text.

Texts compose: ``Cat`` joins pieces, ``strong``/``emph``/``code`` style one,
and a ``Ref``'s fields are texts themselves. A bare ``int`` stands for its
digits as they are (a line number, a year); a number written in the reader's
convention is a ``Num``. A ``float`` alone is refused: say ``Num(x, digits)``.

Everything here is plain data, with one JSON encoding (``encode``/``decode``)
that the glue writer stores and the reader returns.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

STYLES = ("strong", "emphasis", "literal")
ALIGN = ("l", "r", "c")


@dataclass(frozen=True)
class Num:
    """A number, written in each edition's convention: whole with thousands
    separators (digits None), or with `digits` decimals."""
    value: float | int
    digits: int | None = None

    def __post_init__(self):
        v = self.value
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(float(v)):
            raise ValueError(f"Num: {v!r} is not a finite number")
        if self.digits is None and float(v) != int(v):
            raise ValueError(f"Num: {v!r} is not whole; give digits")
        object.__setattr__(self, "value", int(v) if self.digits is None else float(v))


@dataclass(frozen=True)
class Lang:
    """One text per language (the data's own wording and its ``_<lang>`` twins)."""
    texts: dict

    def __post_init__(self):
        if not self.texts or not all(isinstance(k, str) and isinstance(v, str) for k, v in self.texts.items()):
            raise ValueError(f"Lang: expected a mapping of language codes to texts, got {self.texts!r}")


@dataclass(frozen=True)
class Ref:
    """A string of the project (or the engine): file, key, an item of a list or
    mapping (`path`), and the values of its fields."""
    file: str
    key: str
    path: tuple = ()
    fields: dict = field(default_factory=dict)

    def format(self, **fields) -> Ref:
        return Ref(self.file, self.key, self.path, {**self.fields, **{k: text(v) for k, v in fields.items()}})

    def item(self, *path) -> Ref:
        return Ref(self.file, self.key, self.path + tuple(path), self.fields)

    def __hash__(self):
        return hash((self.file, self.key, self.path))


@dataclass(frozen=True)
class Cat:
    """Texts one after another."""
    parts: tuple


@dataclass(frozen=True)
class Styled:
    style: str  # one of STYLES
    body: object


def text(value):
    """A value as a text expression (see the module)."""
    if isinstance(value, (Num, Lang, Ref, Cat, Styled, str)):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r}: a truth value is not a text; choose a string for it")
    if value is None or str(value) in ("<NA>", "nan"):
        return ""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        raise ValueError(f"{value!r}: a number shown to readers is a Num(value, digits)")
    if isinstance(value, dict):
        return Lang(dict(value))
    raise ValueError(f"{value!r} ({type(value).__name__}) is not a text")


def cat(*parts) -> Cat:
    return Cat(tuple(text(p) for p in parts))


def join(parts, sep=", ") -> Cat:
    """Texts with `sep` between them."""
    out: list = []
    for i, p in enumerate(parts):
        if i:
            out.append(text(sep))
        out.append(text(p))
    return Cat(tuple(out))


def strong(value) -> Styled:
    return Styled("strong", text(value))


def emph(value) -> Styled:
    return Styled("emphasis", text(value))


def code(value) -> Styled:
    return Styled("literal", text(value))


class Strings:
    """The strings of one file as references: ``S["caption"]``, ``S["months"].item(3)``,
    ``S["note"].format(n=Num(3))``. Nothing is read: the edition's words are looked
    up when the book is built."""

    def __init__(self, file: str):
        self.file = file

    def __getitem__(self, key: str) -> Ref:
        return Ref(self.file, key)


# --- structured values -----------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where in the original a table or figure comes from: its own table or figure
    number (`table`), or a passage (a text), and the page(s), as printed."""
    page: str | None
    table: str | None = None
    passage: object = None


@dataclass(frozen=True)
class Provenance:
    """A caption's provenance line: the original's places, the data files (paths
    from the project root), and a lead the notebook words itself. The notebook is
    named when the book pastes the value."""
    sources: tuple = ()
    files: tuple = ()
    lead: object = None
    drawn: dict | None = None  # a redrawn diagram: figure, page, seed lines, how drawn, what is not shown


@dataclass(frozen=True)
class Column:
    header: object
    align: str = "l"
    width: int | None = None


@dataclass(frozen=True)
class Table:
    """A table: columns, rows of texts, a caption and its provenance. The `key`
    columns (positions) name a row: the "what changed" page names a changed cell
    by them and its column, so a row added elsewhere renames none of the others
    (choose labels, not running numbers)."""
    columns: tuple
    rows: tuple
    caption: object
    provenance: Provenance | None = None
    classes: tuple = ()
    key: tuple = (0,)

    def __post_init__(self):
        object.__setattr__(self, "columns", tuple(c if isinstance(c, Column) else Column(c) for c in self.columns))
        object.__setattr__(self, "rows", tuple(tuple(text(c) for c in row) for row in self.rows))
        object.__setattr__(self, "caption", text(self.caption))
        for c in self.columns:
            if c.align not in ALIGN:
                raise ValueError(f"Table: align {c.align!r} is not one of {ALIGN}")
        for i, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(f"Table: row {i} has {len(row)} cells for {len(self.columns)} columns")
        object.__setattr__(self, "key", tuple(self.key))
        if not self.key or any(not 0 <= k < len(self.columns) for k in self.key):
            raise ValueError(f"Table: key {self.key!r} names no column")


@dataclass(frozen=True)
class Figure:
    """A drawn chart: its images ({lang: (svg, pdf)}; one pair under "*" when no
    text in it depends on the language), alternative text and provenance."""
    images: dict
    alt: object
    provenance: Provenance | None = None


@dataclass(frozen=True)
class Diagram:
    """A diagram as data (reprobook.data.diagrams, as a mapping), drawn when the
    book is built, with the strings file that names its legend; its provenance
    comes from the diagram unless given."""
    diagram: dict
    legend: str
    provenance: Provenance | None = None


@dataclass(frozen=True)
class Note:
    """A note under a table (the reconciliation of its printed figures); empty
    when there is nothing to note."""
    text: object = ""


# --- JSON -------------------------------------------------------------------------------------


def encode(value):
    """A value as JSON-ready data."""
    if isinstance(value, str):
        return value
    if isinstance(value, Num):
        return {"n": value.value} | ({"d": value.digits} if value.digits is not None else {})
    if isinstance(value, Lang):
        return {"lang": dict(sorted(value.texts.items()))}
    if isinstance(value, Ref):
        return {"ref": [value.file, value.key, *value.path]} | (
            {"f": {k: encode(v) for k, v in sorted(value.fields.items())}} if value.fields else {})
    if isinstance(value, Cat):
        return {"cat": [encode(p) for p in value.parts]}
    if isinstance(value, Styled):
        return {value.style: encode(value.body)}
    if isinstance(value, Provenance):
        return {"sources": [{k: encode(v) for k, v in (("page", s.page), ("table", s.table), ("passage", s.passage))
                             if v is not None} for s in value.sources],
                "files": list(value.files)} | ({"lead": encode(value.lead)} if value.lead is not None else {}) | (
            {"drawn": value.drawn} if value.drawn else {})
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode(data):
    """The value of JSON data written by encode()."""
    if isinstance(data, str):
        return data
    if not isinstance(data, dict) or not data:
        raise ValueError(f"not an encoded text: {data!r}")
    if "n" in data:
        return Num(data["n"], data.get("d"))
    if "lang" in data:
        return Lang(dict(data["lang"]))
    if "ref" in data:
        file, key, *path = data["ref"]
        return Ref(file, key, tuple(path), {k: decode(v) for k, v in data.get("f", {}).items()})
    if "cat" in data:
        return Cat(tuple(decode(p) for p in data["cat"]))
    (style, body), = data.items()
    if style not in STYLES:
        raise ValueError(f"not an encoded text: {data!r}")
    return Styled(style, decode(body))


def decode_provenance(data) -> Provenance | None:
    if data is None:
        return None
    return Provenance(tuple(Source(s.get("page"), s.get("table"), decode(s["passage"]) if "passage" in s else None)
                            for s in data.get("sources", [])), tuple(data.get("files", [])),
                      decode(data["lead"]) if "lead" in data else None, data.get("drawn"))
