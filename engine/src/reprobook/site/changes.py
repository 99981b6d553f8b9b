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

from .. import editions, glue
from ..project import current
from ..render.tables import rows
from . import version

ROLE = re.compile(r"\{nb\}`/notebooks/(\w+)\.ipynb::([\w-]+)`")
TABLE_OR_FIGURE = re.compile(r"\{nb(table|figure)\}\s+/notebooks/(\w+)\.ipynb::([\w-]+)")


def table_cells(key: str, markdown: str) -> dict[str, str]:
    """The numeric cells of a glued MyST table, keyed `table[row | column]`.

    A row is named by its leading label columns: as few as make every row's name
    unique, after a running number (1, 2, 3, ...) if the table starts with one,
    so that a row added or removed does not shift the names of the others.
    """
    table = rows(markdown)
    if len(table) < 2:
        return {}
    header, body = table[0], table[1:]
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
            if re.search(r"[0-9]", cell):
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


def _pages(lang: str | None) -> list[tuple[str, Path]]:
    """(docname, file) of each MyST page of an edition."""
    root = current().root
    return [(md.relative_to(root).with_suffix("").as_posix(), md)
            for md in editions.sources(lang or current().default_lang)]


def appearances(lang: str | None = None) -> dict[str, list[str]]:
    """Value key -> the pages (docnames) of an edition that show it."""
    where: dict[str, list[str]] = {}
    for doc, md in _pages(lang):
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


# --- as a reader sees them ---------------------------------------------------------------------

ANY_ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")


def contexts(lang: str | None = None) -> dict[str, tuple[str, str]]:
    """Value key -> (page, the words before it in its sentence), for the first place
    an edition shows it with ``{nb}``: the value named as a reader meets it."""
    out: dict[str, tuple[str, str]] = {}
    for doc, md in _pages(lang):
        text = md.read_text(encoding="utf-8")
        for m in ROLE.finditer(text):
            key = f"{m.group(1)}::{m.group(2)}"
            if key in out:
                continue
            before = text[:m.start()].split("\n\n")[-1]
            before = re.split(r"(?<=[.!?])\s", ANY_ROLE.sub("…", before))[-1]
            words = re.sub(r"[*_`#>]", "", before).split()[-8:]
            out[key] = (doc, " ".join(words))
    return out


_LABEL_OR_FENCE = re.compile(r"^\s*(\([\w-]+\)=|```|:::|:[\w-]+:).*$", flags=re.M)
_ROLE_TEXT = re.compile(r"\{([\w:-]+)\}`([^`]*)`")


def plain(md: str) -> str:
    """A page's MyST source as the words a reader sees: no labels, fences or
    directive options, no heading or emphasis marks; a role as its text (a
    glued number as "…", since the values list shows it; a source as "§5.1.1")."""
    def role(m: re.Match) -> str:
        name, body = m.group(1), m.group(2)
        if name == "nb":
            return "…"
        if name == "src":
            return f"(§{body})"
        return re.sub(r"\s*<[^>]*>$", "", body)  # "text <target>" reads as its text

    text = _LABEL_OR_FENCE.sub("", md)
    text = _ROLE_TEXT.sub(role, text)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    return text.replace("**", "")


def prose_changes(release: str, lang: str | None = None, context: int = 6) -> list[tuple[str, str, str]]:
    """(page, before, after) for each changed passage of each page of an edition
    since tag v<release>, word by word, with a few words around it; changed words
    are in double asterisks (the before and after are text, these marks excepted)."""
    import difflib

    from ..render.tables import text as as_text

    root = current().root
    out = []
    for doc, md in _pages(lang):
        rel = md.relative_to(root).as_posix()
        old = version.git("show", f"v{release}:{rel}", root=root)
        new = md.read_text(encoding="utf-8")
        if old is None or old.strip() == new.strip():
            continue
        a, b = plain(old).split(), plain(new).split()
        if a == b:
            continue
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue

            def show(words, lo, hi):
                left = [as_text(w) for w in words[max(0, lo - context):lo]]
                mid = [f"**{as_text(w)}**" for w in words[lo:hi]]
                right = [as_text(w) for w in words[hi:hi + context]]
                return " ".join(["…", *left, *mid, *right, "…"])
            out.append((doc, show(a, i1, i2), show(b, j1, j2)))
    return out


def reader_name(key: str, where: dict[str, tuple[str, str]]) -> str:
    """A changed value as a reader finds it, in MyST: a table cell as its table
    (a numbered link), row and column; a number in the prose as its page and the
    words before it."""
    from ..render.tables import text as as_text

    table = re.fullmatch(r"(\w+)::(tbl-[\w-]+)\[(.*) \| (.*)\]", key)
    if table:
        return f"{{numref}}`{table.group(2)}`, {as_text(table.group(3))}, {as_text(table.group(4))}"
    if key in where:
        doc, words = where[key]
        return f"{{doc}}`/{doc}`: «… {as_text(words)}»"
    return as_text(key)
