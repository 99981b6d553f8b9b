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

from . import paths, versioning

ROLE = re.compile(r"\{nb\}`/notebooks/(\w+)\.ipynb::([\w-]+)`")
TABLE_OR_FIGURE = re.compile(r"\{nb(table|figure)\}\s+/notebooks/(\w+)\.ipynb::([\w-]+)")


def table_cells(key: str, markdown: str) -> dict[str, str]:
    """The numeric cells of a glued MyST table, keyed `table[row label | column]`."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in markdown.splitlines()
            if line.startswith("|")]
    if len(rows) < 3:
        return {}
    header, body = rows[0], rows[2:]  # rows[1] is the alignment line
    cells, seen = {}, {}
    for row in body:
        seen[row[0]] = seen.get(row[0], 0) + 1
        label = row[0] if seen[row[0]] == 1 else f"{row[0]} #{seen[row[0]]}"  # repeated row labels stay apart
        for col, cell in zip(header[1:], row[1:]):
            if re.search(r"\d", cell):
                cells[f"{key}[{label} | {col}]"] = cell
    return cells


def glued_values(nb: dict) -> dict[str, str]:
    """Key -> text of each glued number or short text, and of each numeric table cell
    (figures are drawings, not values)."""
    values = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            data = out.get("data", {})
            plain = data.get("application/papermill.record/text/plain")
            markdown = data.get("application/papermill.record/text/markdown")
            if not name or markdown is None:
                continue
            if plain == markdown and "\n" not in plain:
                values[name] = plain
            elif markdown.startswith(":::{table}"):
                values.update(table_cells(name, markdown))
    return values


def current_values(root: Path = paths.ROOT) -> dict[str, str]:
    out = {}
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for key, text in glued_values(json.loads(path.read_text(encoding="utf-8"))).items():
            out[f"{path.stem}::{key}"] = text
    return out


def values_at(release: str, root: Path = paths.ROOT) -> dict[str, str]:
    """The glued values of the notebooks committed at tag v<release>."""
    tag = f"v{release}"
    listing = versioning.git("ls-tree", "--name-only", tag, "notebooks/", root=root) or ""
    out = {}
    for name in sorted(n for n in listing.split() if n.endswith(".ipynb")):
        text = versioning.git("show", f"{tag}:{name}", root=root)
        if text:
            stem = Path(name).stem
            for key, value in glued_values(json.loads(text)).items():
                out[f"{stem}::{key}"] = value
    return out


def appearances(book: Path = paths.BOOK) -> dict[str, list[str]]:
    """Value key -> the pages (docnames) that show it."""
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
