"""Tables as MyST ``{table}`` blocks, so that Sphinx numbers them as tables and
LaTeX typesets them as real tables (a DataFrame would come out as monospace text).

Every cell is text: whatever a value holds (``<script>``, ``{download}``,
``$math$``, a pipe, a backquote) reaches HTML and LaTeX as the characters it
is, never as markup, because each ASCII punctuation character is escaped with
a backslash, which CommonMark and MyST read as that character itself. Markup
is added only by code, with ``bold``, ``italic`` and ``code``; their results
carry a private-use mark that data cannot contain (the data package rejects
such characters), so the table passes them through.
"""
from __future__ import annotations

import re

import pandas as pd

TRUSTED = "\ue000"  # prefix of a cell that code built as markup
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_SPACE = re.compile(r"\s+")


def text(value) -> str:
    """A value as MyST that shows exactly its characters; whitespace runs (newlines
    too) become one space, since a cell is one line."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return _PUNCT.sub(r"\\\1", _SPACE.sub(" ", str(value)).strip()).replace(TRUSTED, "")


def _markup(s: str) -> str:
    return TRUSTED + s


def bold(value) -> str:
    return _markup(f"**{text(value)}**")


def italic(value) -> str:
    return _markup(f"*{text(value)}*")


def inline_code(value) -> str:
    """MyST inline code showing exactly `value`: fenced by more backquotes than
    it holds in a row (code spans are never read as markup)."""
    raw = _SPACE.sub(" ", str(value)).strip().replace(TRUSTED, "")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", raw)), default=0) + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") else ""
    return f"{fence}{pad}{raw}{pad}{fence}"


def code(value) -> str:
    """A cell showing `value` as inline code."""
    return _markup(inline_code(value))


def join(*parts) -> str:
    """Several pieces in one cell: markup pieces as they are, the others as text,
    each keeping a space at its ends (text() alone trims a whole cell)."""
    def piece(p) -> str:
        if isinstance(p, str) and p.startswith(TRUSTED):
            return p[1:]
        raw = "" if p is None else str(p)
        return (" " if raw[:1].isspace() else "") + text(p) + (" " if raw[-1:].isspace() and raw.strip() else "")

    return _markup("".join(piece(p) for p in parts))


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def plain(cell: str) -> str:
    """What a reader sees in a table cell this module wrote: markup marks dropped, escapes undone."""
    cell = re.sub(r"(?<!\\)(\*\*|\*|`+)", "", cell.strip())
    return _ESCAPED.sub(r"\1", cell).strip()


def rows(markdown: str) -> list[list[str]]:
    """The rows of a table this module wrote (header first, the alignment line left out), as plain text."""
    lines = [line.strip() for line in markdown.splitlines() if line.strip().startswith("|")]
    out = [[plain(c) for c in _CELL_SPLIT.split(line.strip("|"))] for line in lines]
    return out[:1] + out[2:]


def _cell(value) -> str:
    if isinstance(value, str) and value.startswith(TRUSTED):
        return value[1:].replace("|", "\\|")
    return text(value)


def myst_table(frame: pd.DataFrame, caption: str, name: str, align: str | None = None,
               widths: list[int] | None = None, classes: str | None = None) -> str:
    """Render a frame as a MyST table directive. Cells are text (see the module);
    the caption is MyST written by the notebook (labels and provenance lines), on one line.

    `align` is one character per column: 'l', 'r' or 'c' (default: left).
    """
    ncol = frame.shape[1]
    align = align or "l" * ncol
    if len(align) != ncol:
        raise ValueError(f"align has {len(align)} letters for {ncol} columns")
    if "\n" in caption or "\r" in caption:
        raise ValueError(f"{name}: a caption is one line (a line break would end the table's options)")
    rule = {"l": ":--", "r": "--:", "c": ":-:"}
    lines = [f":::{{table}} {caption}", f":name: {name}"]
    if widths:
        lines.append(":widths: " + " ".join(str(w) for w in widths))
    # longtable in the PDF: a table taller than a page continues on the next one
    # (LaTeX's default tabulary cuts it off at the page's foot, rows and all).
    lines.append(":class: " + " ".join(["longtable", *(classes.split() if classes else [])]))
    lines.append("")
    lines.append("| " + " | ".join(_cell(c) for c in frame.columns) + " |")
    lines.append("|" + "|".join(rule[a] for a in align) + "|")
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    lines.append(":::")
    return "\n".join(lines) + "\n"
