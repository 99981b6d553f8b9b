"""Provenance lines for captions: the page in the original, the data file(s)
and the notebook that made the table (a link in the HTML)."""
from __future__ import annotations

from . import datapackage, labels


def source(resource: str, notebook: str, which: int = 0, lang: str = labels.DEFAULT_LANG) -> str:
    L = labels.load("common", lang)
    res = datapackage.resource(resource)
    src = res["sources"][which]
    where = (L["source_table"].format(orig=src["table"], page=src["page"]) if "table" in src
             else L["source_passage"].format(passage=src["passage"], page=src["page"]))
    return " ".join([where, L["data_files"].format(files=f"`data/{res['path']}`"),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])
