"""The original's own table of contents, as data (reprobook.yaml: original.contents):
every section with the page it starts on, as printed, and the line of the
source text where its heading stands. From it the engine knows the pages of a
section (what ``{src}`` prints) and the section of any line of the source (the
page of a citation).

A section runs to where the next section of the same or a higher level begins.
When that next section opens a chapter (level 1) or front or back matter
(level 0), which starts on a new page, the section ends on the page before;
otherwise it may share its last page with the next one. The last section's end
is not known.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError, DataError
from . import datapackage

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def page_number(page: str) -> tuple[int, int]:
    """A printed page as a sortable pair: front matter (roman) before the body (arabic)."""
    if page.isdigit():
        return (1, int(page))
    total, prev = 0, 0
    for ch in reversed(page.lower()):
        value = ROMAN[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return (0, total)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"),
                           (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def page_text(number: tuple[int, int]) -> str:
    return str(number[1]) if number[0] == 1 else _roman(number[1])


@dataclass(frozen=True)
class Section:
    id: str
    level: int
    title: str
    first: str | None  # the page as printed, None where the source gives none
    last: str | None  # None: not known (the last section)
    line: int | None  # where its heading stands in the source text
    end_line: int | None  # the line before the next section of the same or a higher level

    def contains_page(self, page: str) -> bool:
        if self.first is None:
            return False
        n = page_number(page)
        return page_number(self.first) <= n and (self.last is None or n <= page_number(self.last))


def _page(value) -> str | None:
    return None if value is None or str(value) in ("", "<NA>") else str(value)


def _last_page(page: str | None, following) -> str | None:
    """The last page of a section that starts on `page`, given the next section of
    the same or a higher level (None: the section is the last one)."""
    if page is None or following is None or _page(following.page) is None:
        return None  # no next page printed: where the section ends is not known
    start, nxt = page_number(page), page_number(_page(following.page))
    if following.level > 1:
        return page_text(nxt)  # the next section may begin on this section's last page
    if nxt[0] != start[0]:
        return page  # front matter followed by the body: where it ends is not printed
    return page_text((nxt[0], max(start[1], nxt[1] - 1)))  # a chapter or back matter starts a new page


@lru_cache(maxsize=4)
def _sections(project, name: str, mtime: float) -> dict[str, Section]:
    rows = list(datapackage.load(project, name).itertuples(index=False))
    out: dict[str, Section] = {}
    for i, row in enumerate(rows):
        following = next((r for r in rows[i + 1:] if row.level == 0 or r.level <= row.level), None)
        page = _page(row.page)
        end_line = None
        if following is not None and _page(following.body_line) is not None:
            end_line = int(following.body_line) - 1
        line = int(row.body_line) if _page(row.body_line) is not None else None
        out[str(row.section)] = Section(str(row.section), int(row.level), str(row.title), page,
                                        _last_page(page, following), line, end_line)
    return out


def path(project) -> Path:
    """The file of the original's table of contents."""
    name = project.original.contents
    if not name:
        raise ConfigError("reprobook.yaml", "{src} needs the original's table of contents",
                          "no original.contents resource, so sections cannot be cited")
    return project.data / datapackage.resource(project, name)["path"]


def sections(project) -> dict[str, Section]:
    """Every section of the original, by its id ("5.1.1", "abstrak")."""
    return _sections(project, project.original.contents, path(project).stat().st_mtime_ns)


def section(project, ref: str) -> Section:
    known = sections(project)
    if ref not in known:
        raise DataError(project.relative(path(project)), "a cited section is in the original's table of contents",
                        f"section '{ref}' is not there")
    return known[ref]


def of_line(project, line: int) -> Section | None:
    """The deepest section whose heading stands at or before `line` and whose span contains it."""
    inside = [s for s in sections(project).values()
              if s.line is not None and s.line <= line and (s.end_line is None or line <= s.end_line)]
    return max(inside, key=lambda s: (s.level, s.line), default=None)
