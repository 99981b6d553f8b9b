"""The site's root files for search engines: ``sitemap.xml`` and ``robots.txt``.

The sitemap lists every page of the newest release, in every language, at its
lasting address below ``latest/`` (where each page's canonical link points),
each with its counterparts in the other languages as the page itself declares
them (its ``<link rel="alternate" hreflang>``, so a release's own pages say
how they correspond) and ``x-default``, the page in the first language. Before
the first release it lists nothing: a development build has no lasting address.

A sitemap's addresses are absolute by its protocol, so they are only as good as
``site.base_url``: with the default "/" they are paths from the host's root,
and `reprobook deploy --base-url URL` writes them for the address a host serves.
robots.txt allows everything, and names the sitemap when the base address is
absolute (its ``Sitemap:`` line must be); crawlers read it at a host's root only.
"""
from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import atomic
from . import links

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
LATEST = "latest"
TEMPLATES = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                        autoescape=select_autoescape(("html", "xml")), keep_trailing_newline=True)


def is_absolute(base_url: str) -> bool:
    return base_url.startswith(("http://", "https://"))


def _alternates(page_html: str, page: str) -> dict[str, str]:
    """The counterparts a page declares: language -> path relative to its version's folder."""
    references, _ = links.read(page_html)
    return {r.hreflang: posixpath.normpath(posixpath.join(posixpath.dirname(page), r.url.split("#")[0]))
            for r in references if r.tag == "link" and "alternate" in r.rel and r.hreflang}


def urls(site: Path, newest: dict | None, languages: tuple[str, ...], base_url: str) -> list[dict]:
    """One entry per page of the newest release in every language (none before a release)."""
    if newest is None:
        return []
    folder = Path(site) / newest["folder"]
    shown = {lang: [p for p in newest["pages"].get(lang, []) if not p.startswith(links.THEME_FRAGMENTS + "/")]
             for lang in languages}
    present = {f"{lang}/{p}" for lang, ps in shown.items() for p in ps}

    def address(path: str) -> str:  # path: <lang>/<page>, below the version's folder
        return base_url + quote(f"{LATEST}/{path}")

    entries = []
    for lang in languages:
        for page in shown[lang]:
            own = f"{lang}/{page}"
            declared = _alternates((folder / own).read_text(encoding="utf-8"), own)
            pair = {lang: own} | {other: path for other, path in declared.items()
                                  if other in languages and other != lang and path in present}
            alternates = [{"lang": other, "href": address(pair[other])} for other in languages if other in pair]
            if languages[0] in pair:
                alternates.append({"lang": "x-default", "href": address(pair[languages[0]])})
            entries.append({"loc": address(own), "alternates": alternates})
    return entries


def sitemap_xml(site: Path, newest: dict | None, languages: tuple[str, ...], base_url: str) -> str:
    return TEMPLATES.get_template(SITEMAP).render(urls=urls(site, newest, languages, base_url))


def robots_txt(base_url: str) -> str:
    return TEMPLATES.get_template(ROBOTS).render(sitemap=base_url + SITEMAP if is_absolute(base_url) else "")


def write(site: Path, newest: dict | None, languages: tuple[str, ...], base_url: str) -> None:
    """Both files, at the root of `site`."""
    atomic.write_text(Path(site) / SITEMAP, sitemap_xml(site, newest, languages, base_url))
    atomic.write_text(Path(site) / ROBOTS, robots_txt(base_url))
