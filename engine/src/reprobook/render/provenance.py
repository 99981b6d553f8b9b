"""Provenance lines for captions: the page in the original, the data file(s)
and the notebook that made the table (a link in the HTML). The wording is the
project's (labels/common.yaml: source_table, source_passage, source_figure,
drawn_from_text, drawn_from_cited, data_files, notebook)."""
from __future__ import annotations

from .. import labels
from ..data import datapackage


def source(resource: str, notebook: str, which: int | None = 0, lang: str | None = None) -> str:
    """One source of the resource (`which`), or all of them (which=None)."""
    L = labels.load("common", lang)
    res = datapackage.resource(resource)
    sources = res["sources"] if which is None else [res["sources"][which]]
    where = " ".join(L["source_table"].format(orig=s["table"], page=s["page"]) if "table" in s
                     else L["source_passage"].format(passage=s["passage"], page=s["page"]) for s in sources)
    return " ".join([where, L["data_files"].format(files=f"`data/{res['path']}`"),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])


def diagram(d, notebook: str, lang: str | None = None) -> str:
    """Provenance of a redrawn figure: its number and page in the original, the
    seed lines it is drawn from, whether from the text or a cited source, its data file."""
    L = labels.load("common", lang)
    how = L["drawn_from_text"] if d.based_on == "text" else L["drawn_from_cited"].format(cited=d.cited)
    gap = [d.not_shown.strip()] if d.not_shown else []
    return " ".join([L["source_figure"].format(orig=d.figure, page=d.page, first=d.seed_lines[0], last=d.seed_lines[1]),
                     how, *gap, L["data_files"].format(files=f"`{d.path}`"),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])


def files(paths: list[str], notebook: str, lang: str | None = None) -> str:
    """Provenance of a table computed from several data files."""
    L = labels.load("common", lang)
    return " ".join([L["data_files"].format(files=", ".join(f"`{p}`" for p in paths)),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])
