"""Placeholders in built pages for what Sphinx is not told: the version stamp,
the PDF's name and size, the data archive's name. Telling Sphinx would make every
commit (and every data edit) re-read and rewrite every page; the pages instead
carry a slot, and the build fills the slots of its staged copy once (`fill`).
Publishing fills the last one, the link to the other versions (`versions`).

A slot is capital letters only (``ZQVERSIONQZ``), so nothing escapes it on the
way: not docutils (which writes "@" as an entity), not LaTeX (which escapes "_"),
not a code block's highlighter, not an attribute. A page with a slot left is
never published (reprobook.site.publish.check_tree).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from .. import labels
from ..numbers import fmt_dec
from ..project import current
from ..render import latex
from . import version as versions

NAMES = ("stamp", "version", "commit", "date", "year", "pdf", "pdf_label", "data_archive", "release_kind")
VERSIONS = "<!--versions-->"  # filled by publishing only; outside the site it stays an invisible comment
ANY = re.compile(r"ZQ[A-Z_]+QZ")


def slot(name: str) -> str:
    if name == "versions":
        return VERSIONS
    if name not in NAMES:
        raise KeyError(name)
    return f"ZQ{name.upper().replace('_', '')}QZ"


def megabytes(size: int, lang: str) -> str:
    return labels.engine("site", lang)["megabytes"].format(size=fmt_dec(size / 1e6, 1, lang))


def values(st: dict, lang: str, pdf: Path | None) -> dict[str, str]:
    """What each slot holds in this build and edition (`pdf`: the PDF file, if built)."""
    project = current()
    L = labels.engine("site", lang)
    name = project.pdf(st["version"], lang)
    size = megabytes(pdf.stat().st_size, lang) if pdf else None
    label = L["pdf_button"].format(version=st["version"], size=size) if size else "PDF · " + st["version"]
    return {
        "stamp": L["stamp_html"].format(version=st["version"], commit=st["commit"][:10], date=st["date"],
                                        data=st["data"]),
        "version": st["version"], "commit": st["commit"], "date": st["date"], "year": st["date"][:4],
        "pdf": name, "pdf_label": label,
        "data_archive": project.data_archive(st["version"]),
        "release_kind": L["is_release" if versions.is_release(st["version"]) else "is_development"],
    }


def fill(page: str, st: dict, lang: str, pdf: Path | None) -> str:
    """A page with every slot but `versions` filled in, each value escaped for HTML."""
    for name, value in values(st, lang, pdf).items():
        page = page.replace(slot(name), html.escape(value, quote=True))
    return page


def fill_tex(tex: str, st: dict, lang: str) -> str:
    """LaTeX with every slot filled in, each value escaped for LaTeX (the PDF has no
    PDF link of its own and no footer, so those slots should not occur)."""
    for name, value in values(st, lang, None).items():
        tex = tex.replace(slot(name), latex.text(value))
    return tex


def left(page: str) -> list[str]:
    """The slots a page still holds."""
    return ANY.findall(page) + ([VERSIONS] if VERSIONS in page else [])
