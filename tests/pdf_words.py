"""Where each word of a PDF stands on its page, in points from the page's top-left
corner as a reader sees it (after /Rotate), read by poppler's ``pdftotext -bbox``.

pdftotext drops a word that lies outside the page, so the words are read from a
copy whose every page is enlarged by ENLARGE points on each side, and moved back:
a table that runs off the paper is then seen, at a negative distance from the
edge, instead of vanishing."""
from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ENLARGE = 600.0
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Word, slack: float = 0.5) -> bool:
        return (self.x0 < other.x1 - slack and other.x0 < self.x1 - slack
                and self.y0 < other.y1 - slack and other.y0 < self.y1 - slack)


@dataclass(frozen=True)
class Page:
    index: int  # from 0
    width: float  # as shown, after /Rotate
    height: float
    words: tuple[Word, ...]

    def distance_to_edge(self, w: Word) -> float:
        """How far the word is from the nearest edge of the paper (negative: beyond it)."""
        return min(w.x0, w.y0, self.width - w.x1, self.height - w.y1)


def pages(pdf: Path, scratch: Path) -> list[Page]:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    reader = PdfReader(str(pdf))
    shown = []
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        shown.append((height, width) if page.rotation % 180 else (width, height))
        bigger = RectangleObject((float(box.left) - ENLARGE, float(box.bottom) - ENLARGE,
                                  float(box.right) + ENLARGE, float(box.top) + ENLARGE))
        page.mediabox = bigger
        page.cropbox = bigger
    enlarged = scratch / f"{pdf.stem}-enlarged.pdf"
    with open(enlarged, "wb") as fh:
        writer.write(fh)
    out = subprocess.run(["pdftotext", "-bbox", str(enlarged), "-"], capture_output=True, text=True, check=True).stdout
    found = PAGE.findall(out)
    assert len(found) == len(shown), (len(found), len(shown))
    result = []
    for i, ((_, _, body), (width, height)) in enumerate(zip(found, shown)):
        words = tuple(Word(html.unescape(t), float(a) - ENLARGE, float(b) - ENLARGE, float(c) - ENLARGE,
                           float(d) - ENLARGE) for a, b, c, d, t in WORD.findall(body))
        result.append(Page(i, width, height, words))
    return result


def find_sequence(words: tuple[Word, ...], tokens: list[str], start: int = 0) -> list[int] | None:
    """The positions of `tokens`, in order (not necessarily adjacent), from `start`."""
    at, found = start, []
    for token in tokens:
        while at < len(words) and words[at].text != token:
            at += 1
        if at == len(words):
            return None
        found.append(at)
        at += 1
    return found
