"""``{src}``: where in the source a paragraph's claims stand, as data rather than
typed text. ``{src}`5.1.1``` reads "(§5.1.1, hlm. 144–158)" in an Indonesian
edition, with the pages taken from the source's own table of contents
(reprobook.data.contents); ``{src}`5.1.1:150``` or ``{src}`5.1.1:150-152```
narrows it to pages, which must lie inside the section; ``;`` joins several.

``{edition}``: marks a paragraph as this edition's own analysis (a
recomputation, a graph count), so a reader can tell it from a summary of the
source. Its text, in the chapter's language, is shown in brackets.
"""
from __future__ import annotations

import re

from docutils import nodes

from .. import labels
from ..data import contents
from ..errors import InputError

REF = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)*|[a-z]+(?:-[a-z]+)*)\s*(?::\s*([0-9ivxlc]+)(?:\s*[-–]\s*([0-9ivxlc]+))?)?\s*$")
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _pages(first: str, last: str | None, L) -> tuple[str, bool]:
    if last is None:
        return L["open_range"].format(first=first), True
    return (first, False) if last == first else (f"{first}–{last}", True)


def one(ref: str, lang: str) -> str:
    """One reference, checked and worded: raises InputError naming the rule it breaks."""
    m = REF.match(ref)
    if not m:
        raise InputError(f"'{ref}' is not a section reference such as 5.1.1, 5.1.1:150 or 5.1.1:150-152 "
                         "[rule: {src} names a section of the source, optionally with pages]")
    sid, first, last = m.group(1), m.group(2), m.group(3)
    s = contents.section(sid)
    L = labels.engine("sources", lang)
    if first:
        for page in filter(None, (first, last)):
            if not s.contains_page(page):
                span = s.first if s.last == s.first else f"{s.first}–{s.last or '…'}"
                raise InputError(f"page {page} is outside section {sid} (pages {span}) "
                                 "[rule: a cited page lies within its section of the source]")
        if last and contents.page_number(last) < contents.page_number(first):
            raise InputError(f"pages {first}-{last} run backwards [rule: a page range runs forwards]")
        pages, plural = _pages(first, last or first, L)
    elif s.first is None:
        return L["unpaged"].format(title=s.title.capitalize())
    else:
        pages, plural = _pages(s.first, s.last, L)
    if s.level == 0:
        return L["named_range" if plural else "named"].format(title=s.title.capitalize(), pages=pages)
    if s.level == 1:
        return L["chapter"].format(roman=ROMAN[int(sid)], pages=pages)
    return L["numbered_range" if plural else "numbered"].format(section=sid, pages=pages)


def cite(text: str, lang: str) -> str:
    """The whole role: one or more references joined, in parentheses."""
    refs = [r for r in text.split(";") if r.strip()]
    if not refs:
        raise InputError("an empty source reference [rule: {src} names a section of the source]")
    return "(" + labels.engine("sources", lang)["sep"].join(one(r, lang) for r in refs) + ")"


def src_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    from . import lang_of

    env = inliner.document.settings.env
    try:
        shown = cite(text, lang_of(env))
    except InputError as exc:
        msg = inliner.reporter.error(f"src: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.inline(rawtext, shown, classes=["source-ref"])], []


def edition_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.inline(rawtext, f"[{text.strip()}]", classes=["edition-mark"])], []


def setup(app):
    app.add_role("src", src_role)
    app.add_role("edition", edition_role)
