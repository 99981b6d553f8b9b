"""Provenance lines for captions: the page in the original, the data file(s)
and the notebook that made the table (a link in the HTML)."""
from __future__ import annotations

from . import datapackage, labels


def source(resource: str, notebook: str, which: int | None = 0, lang: str = labels.DEFAULT_LANG) -> str:
    """One source of the resource (`which`), or all of them (which=None)."""
    L = labels.load("common", lang)
    res = datapackage.resource(resource)
    sources = res["sources"] if which is None else [res["sources"][which]]
    where = " ".join(L["source_table"].format(orig=s["table"], page=s["page"]) if "table" in s
                     else L["source_passage"].format(passage=s["passage"], page=s["page"]) for s in sources)
    return " ".join([where, L["data_files"].format(files=f"`data/{res['path']}`"),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])
