"""Where in the original a claim stands: the reference a ``{src}`` role holds,
checked against the original's own table of contents (reprobook.data.contents)
and worded in an edition's language. ``5.1.1`` reads "(§5.1.1, hlm. 144–158)"
in an Indonesian edition, with the pages from that table of contents;
``5.1.1:150`` or ``5.1.1:150-152`` narrows it to pages, which must lie inside
the section; ``;`` joins several. Both the prose checks (before a build) and
the Sphinx role use this module, so a reference is checked one way.
"""
from __future__ import annotations

import re

from . import strings
from .data import contents
from .errors import ConfigError

REF = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)*|[a-z]+(?:-[a-z]+)*)\s*(?::\s*([0-9ivxlc]+)(?:\s*[-–]\s*([0-9ivxlc]+))?)?\s*$")
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
RULE = "{src} names a section of the original, optionally with pages"


def _pages(first: str, last: str | None, word) -> tuple[str, bool]:
    if last is None:
        return word("open_range", first=first), True
    return (first, False) if last == first else (f"{first}–{last}", True)


def section_of(ref: str) -> str:
    """The section a reference names ("5.1.1" of "5.1.1:150")."""
    m = REF.match(ref)
    if not m:
        raise ConfigError("", RULE, f"'{ref}' is not a section reference such as 5.1.1, 5.1.1:150 or 5.1.1:150-152")
    return m.group(1)


def one(project, catalog: strings.Catalog, ref: str, lang: str) -> str:
    """One reference, checked and worded; raises ConfigError naming the rule it breaks."""
    m = REF.match(ref)
    if not m:
        raise ConfigError("", RULE, f"'{ref}' is not a section reference such as 5.1.1, 5.1.1:150 or 5.1.1:150-152")
    sid, first, last = m.group(1), m.group(2), m.group(3)
    known = contents.sections(project)
    if sid not in known:
        raise ConfigError("", "a cited section is in the original's table of contents",
                          f"section '{sid}' is not in the original's table of contents "
                          f"({project.relative(contents.path(project))})")
    s = known[sid]

    def word(key, **fields):
        return strings.fill(catalog.text("original", key, lang), **fields)

    if first:
        for page in filter(None, (first, last)):
            if not s.contains_page(page):
                span = s.first if s.last == s.first else f"{s.first}–{s.last or '…'}"
                raise ConfigError("", "a cited page lies within its section of the original",
                                  f"page {page} is outside section {sid} (pages {span})")
        if last and contents.page_number(last) < contents.page_number(first):
            raise ConfigError("", "a page range runs forwards", f"pages {first}-{last} run backwards")
        pages, plural = _pages(first, last or first, word)
    elif s.first is None:
        return word("unpaged", title=s.title.capitalize())
    else:
        pages, plural = _pages(s.first, s.last, word)
    if s.level == 0:
        return word("named_range" if plural else "named", title=s.title.capitalize(), pages=pages)
    if s.level == 1:
        number = ROMAN[int(sid)] if project.original.chapter_style == "roman" and int(sid) < len(ROMAN) else sid
        return word("chapter", number=number, pages=pages)
    return word("numbered_range" if plural else "numbered", section=sid, pages=pages)


def reference(project, catalog: strings.Catalog, text: str, lang: str) -> str:
    """A whole ``{src}`` role: one or more references joined, in parentheses."""
    refs = [r for r in text.split(";") if r.strip()]
    if not refs:
        raise ConfigError("", RULE, "an empty reference")
    sep = catalog.text("original", "sep", lang)
    return "(" + sep.join(one(project, catalog, r, lang) for r in refs) + ")"


def pages_text(catalog: strings.Catalog, page, lang: str) -> str:
    """"hlm. 135" or "pp. 144–149": a page or a range of the original, in the edition's words."""
    page = str(page)
    key = "page_range" if re.search(r"[–-]", page) else "page_one"
    return strings.fill(catalog.text("original", key, lang), page=page)
