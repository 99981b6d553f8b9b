"""Tables as MyST ``{table}`` blocks, so that Sphinx numbers them as tables and
LaTeX typesets them as real tables (a DataFrame would come out as monospace text)."""
from __future__ import annotations

import pandas as pd


def _cell(value) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def myst_table(frame: pd.DataFrame, caption: str, name: str, align: str | None = None,
               widths: list[int] | None = None, classes: str | None = None) -> str:
    """Render a frame of already-formatted cells as a MyST table directive.

    `align` is one character per column: 'l', 'r' or 'c' (default: left).
    """
    ncol = frame.shape[1]
    align = align or "l" * ncol
    if len(align) != ncol:
        raise ValueError(f"align has {len(align)} letters for {ncol} columns")
    rule = {"l": ":--", "r": "--:", "c": ":-:"}
    lines = [f":::{{table}} {caption}", f":name: {name}"]
    if widths:
        lines.append(":widths: " + " ".join(str(w) for w in widths))
    if classes:
        lines.append(f":class: {classes}")
    lines.append("")
    lines.append("| " + " | ".join(_cell(c) for c in frame.columns) + " |")
    lines.append("|" + "|".join(rule[a] for a in align) + "|")
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    lines.append(":::")
    return "\n".join(lines) + "\n"
