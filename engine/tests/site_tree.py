"""A tiny published site, made without Sphinx: builds in the shape
reprobook.pipeline.build stages them (each edition's pages with the head links
the edition bar writes, its PDF; the data archive, CITATION.cff), published with
reprobook.pipeline.publish into the tiny project's _build/site."""
from __future__ import annotations

import tempfile
from pathlib import Path

from reprobook import strings
from reprobook.pipeline import publish
from reprobook.pipeline import version as versions
from reprobook.pipeline.stamp import Stamp

PAGES = ("index.html", "chapters/results.html", "search.html")

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{page}</title>
<link rel="stylesheet" href="{up}_static/book.css">
{head}</head>
<body><main id="main-content"><h1 id="top">{marker}</h1>
<p><a href="{up}index.html#top">start</a> <a href="#main-content">content</a>
<a href="{up}{pdf}">PDF</a> <a href="{up}../{archive}">data</a> <a href="https://example.org/elsewhere">out</a></p>
</main></body></html>
"""


def build(project, tmp: Path, version: str, marker: str = "text", epoch: int = 0,
          pages: tuple[str, ...] = PAGES) -> tuple[Path, Stamp]:
    """A finished build of `version`; every page of a release links to its place in latest/."""
    out = Path(tempfile.mkdtemp(dir=tmp))
    release = versions.is_release(version)
    for lang in project.languages:
        for page in pages:
            up = "../" * page.count("/")
            head = "".join(f'<link rel="alternate" hreflang="{other}" href="{up}../{other}/{page}">\n'
                           for other in project.languages if other != lang)
            if release:
                head += f'<link rel="canonical" href="{up}../../latest/{lang}/{page}">\n'
            path = out / lang / page
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(PAGE.format(lang=lang, page=page, up=up, head=head, marker=marker,
                                        pdf=project.pdf(version, lang), archive=project.data_archive(version)),
                            encoding="utf-8")
        static = out / lang / "_static"
        static.mkdir()
        (static / "book.css").write_text("body{}\n", encoding="utf-8")
        # a theme fragment, not a page: its links are never followed
        (static / "webpack-macros.html").write_text('<link href="{{ pathto(css) }}">\n', encoding="utf-8")
        (out / lang / project.pdf(version, lang)).write_bytes(b"%PDF-1.5\n" + marker.encode())
    (out / project.data_archive(version)).write_bytes(b"PK" + marker.encode())
    (out / "CITATION.cff").write_text(f"version: {version}\n", encoding="utf-8")
    return out, Stamp(version, "c0ffee" * 6 + "abcd", "2026-11-27", epoch, "0123456789ab")


def publish_version(project, tmp: Path, version: str, marker: str = "text", epoch: int = 0,
                    pages: tuple[str, ...] = PAGES) -> Path:
    """Publish one version into the project's site; the site's folder."""
    folder, st = build(project, tmp, version, marker, epoch, pages)
    publish.publish(project, strings.of(project), folder, st)
    return publish.site(project)
