"""Every internal link of a published site resolves, checked from the files alone
(no server, no network):

    report = links.check(site_root, base_url)
    report.checked, report.broken

It reads every HTML page below the root (every version, every edition, the
root's own pages; not the theme's fragments in ``_static``) and follows what a
reader or a browser would: ``<a href>``, ``<link href>`` (canonical, alternate,
stylesheets, icons), ``<img src>``, ``<script src>``, ``<source src>`` and
``<iframe src>``, with their anchors; and the addresses of ``sitemap.xml``. A
target is a file (the PDFs and data archives included) or a folder with an
``index.html``; an anchor is an ``id`` (or an ``<a name>``) of the target page.
Relative links resolve from the page's own address, so a page below
``latest/`` is followed as a reader there would; links from the site's root
(``/…``) and absolute addresses under the site's base address resolve against
the root. Other absolute addresses lead outside the site and are counted, not
followed.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What each element loads or leads to.
FOLLOWED = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
THEME_FRAGMENTS = "_static"  # Jinja fragments the theme copies beside the pages; not pages
SITEMAP_ADDRESSES = re.compile(r'<loc>([^<]*)</loc>|<xhtml:link [^>]*href="([^"]*)"')


@dataclass(frozen=True)
class Reference:
    tag: str
    url: str
    rel: tuple[str, ...] = ()
    hreflang: str = ""

    def __str__(self) -> str:
        rel = f' rel="{" ".join(self.rel)}"' if self.rel else ""
        return f"<{self.tag}{rel}> {self.url}"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        url = values.get(FOLLOWED.get(tag, ""))
        if url is not None and url.strip():
            self.references.append(Reference(tag, url.strip(), tuple((values.get("rel") or "").lower().split()),
                                             values.get("hreflang") or ""))

    handle_startendtag = handle_starttag


def read(text: str) -> tuple[list[Reference], set[str]]:
    """A page's references, in order, and its anchors."""
    page = _Page()
    page.feed(text)
    page.close()
    return page.references, page.ids


def resolve(page: str, url: str, base_url: str = "/") -> tuple[str, str] | None:
    """The path (relative to the site's root, posix) and the anchor that `url` leads
    to from `page` (a path relative to the root), or None when it leads outside
    the site. A path that climbs above the root comes back starting with '../'."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        absolute = base_url if base_url.startswith(("http://", "https://")) else None
        if not absolute or not url.startswith(absolute):
            return None
        parts = urlsplit(url[len(absolute):])
        target = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    elif parts.path.startswith("/"):
        prefix = base_url if base_url.startswith("/") else urlsplit(base_url).path or "/"
        path = unquote(parts.path)
        # below the site's base path, from its root; anywhere else on the host is outside the site
        path = path[len(prefix):] if path.startswith(prefix) else "../" + path.lstrip("/")
        target = posixpath.normpath(path) if path else ""
    elif parts.path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    else:
        target = page
    return ("" if target == "." else target), unquote(parts.fragment)


@dataclass
class Report:
    pages: int = 0
    checked: int = 0  # internal references followed, anchors included
    outside: int = 0  # absolute addresses outside the site, not followed
    broken: list[str] = field(default_factory=list)


def pages(root: Path) -> list[str]:
    """Every HTML page below `root` (posix paths relative to it), the theme's fragments
    left out; a linked folder (``latest``) is walked too, as a reader reaches it."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=True):
        rel = Path(folder).relative_to(root)
        if THEME_FRAGMENTS in rel.parts:
            dirs[:] = []
            continue
        found += [(rel / f).as_posix() for f in files if f.endswith(".html")]
    return sorted(found)


def check(root: Path, base_url: str = "/") -> Report:
    root = Path(root)
    report = Report()

    @cache
    def anchors(target: str) -> frozenset[str]:
        return frozenset(read((root / target).read_text(encoding="utf-8", errors="replace"))[1])

    def follow(source: str, ref: Reference | str) -> None:
        url = ref.url if isinstance(ref, Reference) else ref
        if url.startswith(("mailto:", "javascript:", "data:", "tel:")):
            return
        resolved = resolve(source, url, base_url)
        if resolved is None:
            report.outside += 1
            return
        report.checked += 1
        target, anchor = resolved
        path = root / target
        if target.startswith("../") or target == "..":
            report.broken.append(f"{source}: {ref}: leads above the site's root")
            return
        if path.is_dir():
            target, path = posixpath.join(target, "index.html") if target else "index.html", path / "index.html"
        if not path.is_file():
            report.broken.append(f"{source}: {ref}: no such file {target}")
        elif anchor and target.endswith(".html") and anchor not in anchors(target):
            report.broken.append(f"{source}: {ref}: no anchor #{anchor} in {target}")

    for page in pages(root):
        report.pages += 1
        references, _ = read((root / page).read_text(encoding="utf-8", errors="replace"))
        for ref in references:
            follow(page, ref)
    sitemap = root / "sitemap.xml"
    if sitemap.is_file():
        for loc, href in SITEMAP_ADDRESSES.findall(sitemap.read_text(encoding="utf-8")):
            follow("sitemap.xml", html.unescape(loc or href))
    return report
