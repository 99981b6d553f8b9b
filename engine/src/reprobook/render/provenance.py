"""Provenance lines for captions: the page in the original, the data file(s)
and the notebook that made the table (a link in the HTML). The wording is the
project's (labels/common.yaml: source_table, source_passage, source_passage_unpaged, source_figure,
drawn_from_text, drawn_from_cited, data_files, notebook); every piece that
comes from data is text, never markup (reprobook.render.tables)."""
from __future__ import annotations

from .. import labels
from ..data import datapackage
from .tables import inline_code, text


def source(resource: str, notebook: str, which: int | None = 0, lang: str | None = None) -> str:
    """One source of the resource (`which`), or all of them (which=None)."""
    L = labels.load("common", lang)
    res = datapackage.resource(resource)
    sources = res["sources"] if which is None else [res["sources"][which]]
    def one(s):
        if "table" in s:
            return L["source_table"].format(orig=text(s["table"]), page=text(s["page"]))
        if not s.get("page"):  # the source prints no page number there (an appendix)
            return L["source_passage_unpaged"].format(passage=text(s["passage"]))
        return L["source_passage"].format(passage=text(s["passage"]), page=text(s["page"]))

    where = " ".join(one(s) for s in sources)
    return " ".join([where, L["data_files"].format(files=inline_code(f"data/{res['path']}")),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])


def diagram(d, notebook: str, lang: str | None = None) -> str:
    """Provenance of a redrawn figure: its number and page in the original, the
    seed lines it is drawn from, whether from the text or a cited source, its data file."""
    L = labels.load("common", lang)
    how = L["drawn_from_text"] if d.based_on == "text" else L["drawn_from_cited"].format(cited=text(d.cited))
    gap = [text(d.not_shown)] if d.not_shown else []
    return " ".join([L["source_figure"].format(orig=text(d.figure), page=text(d.page), first=d.seed_lines[0],
                                               last=d.seed_lines[1]),
                     how, *gap, L["data_files"].format(files=inline_code(d.path)),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])


def files(paths: list[str], notebook: str, lang: str | None = None) -> str:
    """Provenance of a table computed from several data files."""
    L = labels.load("common", lang)
    return " ".join([L["data_files"].format(files=", ".join(inline_code(p) for p in paths)),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])
