"""What a new edition changed: every glued value that differs from the previous
release, with where the book shows it.

The values are the ones the notebooks hand to the book (numbers and short
texts pasted with the ``{nb}`` role), read from the committed notebooks: the
current ones from the working tree, the previous release's from its git tag.
So the comparison needs no earlier build, and the same commit always gives the
same list.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import glue
from ..project import current
from . import version

ROLE = re.compile(r"\{nb\}`/notebooks/(\w+)\.ipynb::([\w-]+)`")
TABLE_OR_FIGURE = re.compile(r"\{nb(table|figure)\}\s+/notebooks/(\w+)\.ipynb::([\w-]+)")


def table_cells(key: str, markdown: str) -> dict[str, str]:
    """The numeric cells of a glued MyST table, keyed `table[row | column]`.

    A row is named by its leading label columns: as few as make every row's name
    unique, after a running number (1, 2, 3, ...) if the table starts with one,
    so that a row added or removed does not shift the names of the others.
    """
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in markdown.splitlines()
            if line.startswith("|")]
    if len(rows) < 3:
        return {}
    header, body = rows[0], rows[2:]  # rows[1] is the alignment line
    start = 1 if all(row[0] == str(n) for n, row in enumerate(body, 1)) else 0
    end = start + 1
    while end < len(header) - 1 and len({tuple(r[start:end]) for r in body}) < len(body):  # keep a value column
        end += 1
    cells, seen = {}, {}
    for row in body:
        name = " / ".join(row[start:end])
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} #{seen[name]}"  # rows alike in every column: numbered in order
        for col, cell in list(zip(header, row))[end:]:
            if re.search(r"\d", cell):
                cells[f"{key}[{name} | {col}]"] = cell
    return cells


def glued_values(nb: dict, lang: str | None = None) -> dict[str, str]:
    """Key -> text of each glued number or short text, and of each numeric table cell,
    in `lang` (figures are drawings, not values)."""
    lang = lang or current().default_lang
    values = {}
    for name, doc in glue.documents(nb).items():
        per_lang = doc.get("lang", {}).get(lang, {})
        if doc.get("kind") in ("number", "text"):
            values[name] = per_lang.get("text", "")
        elif doc.get("kind") == "table":
            values.update(table_cells(name, per_lang.get("markdown", "")))
    return values


def current_values(root: Path | None = None, lang: str | None = None) -> dict[str, str]:
    root = root or current().root
    out = {}
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for key, text in glued_values(json.loads(path.read_text(encoding="utf-8")), lang).items():
            out[f"{path.stem}::{key}"] = text
    return out


def values_at(release: str, root: Path | None = None, lang: str | None = None) -> dict[str, str]:
    """The glued values of the notebooks committed at tag v<release>."""
    root = root or current().root
    tag = f"v{release}"
    listing = version.git("ls-tree", "--name-only", tag, "notebooks/", root=root) or ""
    out = {}
    for name in sorted(n for n in listing.split() if n.endswith(".ipynb")):
        text = version.git("show", f"{tag}:{name}", root=root)
        if text:
            stem = Path(name).stem
            for key, value in glued_values(json.loads(text), lang).items():
                out[f"{stem}::{key}"] = value
    return out


def appearances(book: Path | None = None) -> dict[str, list[str]]:
    """Value key -> the pages (docnames) that show it."""
    book = book or current().book
    where: dict[str, list[str]] = {}
    for md in sorted(book.rglob("*.md")):
        doc = md.relative_to(book.parent).with_suffix("").as_posix()
        text = md.read_text(encoding="utf-8")
        for nb, key in ROLE.findall(text) + [(nb, key) for _, nb, key in TABLE_OR_FIGURE.findall(text)]:
            pages = where.setdefault(f"{nb}::{key}", [])
            if doc not in pages:
                pages.append(doc)
    return where


def pages_of(key: str, where: dict[str, list[str]]) -> tuple[str, ...]:
    """Pages showing a value; a table cell appears where its table does."""
    return tuple(where.get(key) or where.get(key.split("[", 1)[0], ()))


@dataclass(frozen=True)
class Change:
    key: str
    old: str | None  # None: the value is new in this edition
    new: str | None  # None: the value is no longer computed
    pages: tuple[str, ...]


def compare(old: dict[str, str], new: dict[str, str], where: dict[str, list[str]]) -> list[Change]:
    """Every key whose value differs, appears or disappears; in key order."""
    keys = sorted(set(old) | set(new))
    return [Change(k, old.get(k), new.get(k), pages_of(k, where)) for k in keys if old.get(k) != new.get(k)]
