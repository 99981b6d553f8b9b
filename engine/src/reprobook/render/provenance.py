"""Provenance lines for captions: the page in the original, the data file(s)
and the notebook that made the table (a link in the HTML). The wording is the
project's (labels/common.yaml: source_table, source_passage, source_passage_unpaged, source_figure,
drawn_from_text, drawn_from_cited, data_files, notebook); every piece that
comes from data is text, never markup (reprobook.render.tables)."""
from __future__ import annotations

import re

from .. import labels
from ..data import datapackage
from ..project import current
from .tables import text

# Starts every provenance line: the Sphinx extension splits captions there, so the
# PDF's lists of tables and figures show the title alone (reprobook.sphinxext.provenance).
# U+2063 INVISIBLE SEPARATOR: a format character, which the data package refuses in data.
MARK = "\u2063"


def pages(page, lang: str) -> str:
    """"hlm. 135" or "pp. 144–149": a page or a range of the source, in the edition's words."""
    page = str(page)
    key = "page_range" if re.search(r"[–-]", page) else "page_one"
    return labels.engine("sources", lang)[key].format(page=text(page))


def source(resource: str, notebook: str, which: int | None = 0, lang: str | None = None) -> str:
    """One source of the resource (`which`), or all of them (which=None)."""
    lang = lang or current().default_lang
    L = labels.load("common", lang)
    res = datapackage.resource(resource)
    sources = res["sources"] if which is None else [res["sources"][which]]
    def one(s):
        # A passage is named as the source prints it; `passage_<lang>` words it for another edition.
        passage = s.get(f"passage_{lang}", s.get("passage"))
        if "table" in s:
            return L["source_table"].format(orig=text(s["table"]), pages=pages(s["page"], lang))
        if not s.get("page"):  # the source prints no page number there (an appendix)
            return L["source_passage_unpaged"].format(passage=text(passage))
        return L["source_passage"].format(passage=text(passage), pages=pages(s["page"], lang))

    where = " ".join(one(s) for s in sources)
    return MARK + " ".join([where, L["data_files"].format(files=download(f"data/{res['path']}")),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])


def diagram(d, notebook: str, lang: str | None = None) -> str:
    """Provenance of a redrawn figure: its number and page in the original, the
    seed lines it is drawn from, whether from the text or a cited source, its data file,
    and what the original shows that the text does not give, in the edition's words."""
    from .drawing import localized

    lang = lang or current().default_lang
    d = localized(d, lang)
    L = labels.load("common", lang)
    how = L["drawn_from_text"] if d.based_on == "text" else L["drawn_from_cited"].format(cited=text(d.cited))
    gap = [text(d.not_shown)] if d.not_shown else []
    return MARK + " ".join([L["source_figure"].format(orig=text(d.figure), pages=pages(d.page, lang), first=d.seed_lines[0],
                                               last=d.seed_lines[1]),
                     how, *gap, L["data_files"].format(files=download(d.path)),
                     L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])


def files(paths: list[str], notebook: str, lang: str | None = None, lead: str | None = None) -> str:
    """Provenance of a table computed from several data files, after `lead` (a
    label the notebook words, where it says more of the source than a data file can)."""
    L = labels.load("common", lang)
    return MARK + " ".join([*([lead] if lead else []), L["data_files"].format(files=", ".join(download(p) for p in paths)),
                            L["notebook"].format(link=f"{{doc}}`/notebooks/{notebook}`")])


SAFE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")


def download(path: str) -> str:
    """A link that downloads a data file of the project (Sphinx's download role,
    which copies the file into the HTML), showing its path. Paths come from the
    descriptor: one with characters that could end the role is refused."""
    if not SAFE_PATH.fullmatch(path) or ".." in path.split("/"):
        raise ValueError(f"'{path}': a data path is letters, digits, _ . / - [rule: data paths are plain]")
    return f"{{download}}`{path} </{path}>`"


def line(text_: str) -> str:
    """A provenance line the notebook words itself (a label), marked like the others."""
    return MARK + text_
