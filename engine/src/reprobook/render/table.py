"""A glued table (reprobook.values.Table) as a docutils table in an edition's
language: numbered and cross-referenced like a table written in a chapter,
its caption followed by the provenance line, every cell built from text
nodes. The PDF sets it as a longtable, so a table taller than a page goes on.
"""
from __future__ import annotations

from docutils import nodes

from .. import values as v
from .inline import Wording

ALIGN_CLASS = {"l": "text-left", "r": "text-right", "c": "text-center"}


def _entry(cell, w: Wording, docname: str, align: str) -> nodes.entry:
    entry = nodes.entry(classes=[ALIGN_CLASS[align]])
    content = w.nodes(cell, docname)
    if content:
        para = nodes.paragraph()
        para.extend(content)
        entry += para
    return entry


def build(table: v.Table, w: Wording, docname: str, caption_tail: nodes.Node | None = None) -> nodes.table:
    """The table node (the caller names it, so that it is numbered)."""
    node = nodes.table(classes=["longtable", *table.classes])
    title = nodes.title()
    title.extend(w.nodes(table.caption, docname))
    if caption_tail is not None:
        title += nodes.Text(" ")
        title += caption_tail
    node += title
    group = nodes.tgroup(cols=len(table.columns))
    node += group
    widths = [c.width for c in table.columns]
    given = all(widths)
    if given:
        node["classes"].append("colwidths-given")
    for c in table.columns:
        group += nodes.colspec(colwidth=c.width if given else 1)
    head = nodes.thead()
    row = nodes.row()
    row.extend(_entry(c.header, w, docname, c.align) for c in table.columns)
    head += row
    group += head
    body = nodes.tbody()
    for cells in table.rows:
        row = nodes.row()
        row.extend(_entry(cell, w, docname, c.align) for cell, c in zip(cells, table.columns))
        body += row
    group += body
    return node


def cells(table: v.Table, w: Wording) -> dict[str, str]:
    """The cells that hold a number, keyed ``[row | column]`` in plain words: what
    the "what changed" comparison reads. A row is named by its key cells; rows
    alike in those are numbered in order."""
    out, seen = {}, {}
    headers = [w.plain(c.header) for c in table.columns]
    counters = {i for i in range(len(table.columns)) if _counts_rows(table, i)}
    for row in table.rows:
        name = " / ".join(w.plain(row[k]) for k in table.key) or "—"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} #{seen[name]}"
        for i, (header, cell) in enumerate(zip(headers, row)):
            if i not in table.key and i not in counters and _has_number(cell):
                out[f"[{name} | {header}]"] = w.plain(cell)
    return out


def _counts_rows(table: v.Table, column: int) -> bool:
    """Whether a column only numbers the rows (1, 2, 3, …; a total row may leave it
    empty): a row added renumbers the others, which is no change of a value."""
    numbers = [cell for cell in (row[column] for row in table.rows) if cell != ""]
    return bool(numbers) and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _has_number(value) -> bool:
    if isinstance(value, v.Num):
        return True
    if isinstance(value, str):
        return any(ch.isdigit() for ch in value)
    if isinstance(value, v.Cat):
        return any(_has_number(p) for p in value.parts)
    if isinstance(value, v.Styled):
        return _has_number(value.body)
    if isinstance(value, v.Ref):
        return any(_has_number(f) for f in value.fields.values())
    return False
