"""The page furniture that ties an edition to the others, through the theme's
templates: the edition bar at the top of every page (the version, linked to the
same page in the other versions; the page in the other languages; the PDF of
this version and language, and of the page's chapter alone; a notebook's own file), ``<link rel="alternate"
hreflang>`` and the canonical link (relative, to ``latest/``) in the head, the build stamp in the footer,
and the theme's buttons in the edition's language.

What changes with the version (the stamp, the PDFs and their sizes) comes from the
pipeline as the setting ``reprobook_page``, so a new version rewrites every page
without re-reading any. Links between editions and versions are relative
(reprobook.editions.href), so they work on a server and from disk alike.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .. import editions, strings
from ..numbers import fmt_dec
from .domain import book_of

THEME = Path(__file__).parent / "theme"


def _add_paths(app, config) -> None:
    # Ahead of the project's own, so a project may still override a template by name.
    config.templates_path = [str(THEME / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(THEME / "static")]


def _is_notebook(app, docname: str) -> bool:
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def megabytes(size: int, lang: str, catalog) -> str:
    """A file's size as a reader reads it: 1,2 MB; 340 kB below a megabyte."""
    if size < 1e6:
        return strings.fill(catalog.text("site", "kilobytes", lang), size=fmt_dec(size / 1e3, 0, lang, catalog))
    return strings.fill(catalog.text("site", "megabytes", lang), size=fmt_dec(size / 1e6, 1, lang, catalog))


def canonical(pages, lang: str, pagename: str) -> str:
    """The page's lasting address, the same page in the newest release (``latest/``),
    as a link relative to the page: a release's bytes must not depend on where the
    site is served. `pages` (from the pipeline) is True when every page has one (a
    release), or the pages the newest release has (a development build after one)."""
    if pages is True or (isinstance(pages, (list, tuple)) and f"{pagename}.html" in pages):
        return "../" * pagename.count("/") + f"../../latest/{lang}/{pagename}.html"
    return ""


def page_values(app, pagename: str) -> dict:
    """What the templates show on one page (``reprobook`` in their context)."""
    book = book_of(app.env)
    project, lang, catalog = book.project, book.lang, book.catalog
    words = catalog.texts("site", lang)
    page = dict(app.config.reprobook_page or {})
    version = page.get("version", "")
    up = "../" * pagename.count("/")
    alternates = []
    for other in project.languages:
        if other == lang:
            continue
        if pagename in app.env.all_docs:
            target = editions.counterpart(project, pagename, lang, other) or editions.pages(project, other)[0]
        else:
            target = pagename  # a page Sphinx makes (search, genindex) exists in every edition by that name
        alternates.append({"lang": other, "href": editions.href(pagename, other, target),
                           "name": catalog.text("site", "language_self", other)})
    pdf = page.get("pdf") or {}
    size = f" · {megabytes(pdf['size'], lang, catalog)}" if pdf.get("size") else ""
    part = (page.get("parts") or {}).get(pagename) or {}
    notebook = Path(pagename).name + ".ipynb" if pagename in app.env.all_docs and _is_notebook(app, pagename) else ""
    return {
        "strings": words, "alternates": alternates, "page": pagename + ".html", "up": up,
        "version_text": strings.fill(words["version_button"], version=version),
        "versions_href": f"{up}../../versions-{lang}.html?page={pagename}.html",  # the site root: above the version
        "pdf_href": up + pdf["name"] if pdf.get("name") else "",
        "pdf_label": "PDF · " + version + size,
        "part_href": up + part["name"] if part else "",
        "part_label": strings.fill(words["pdf_part_button"], pages=part["pages"],
                                   size=megabytes(part["size"], lang, catalog)) if part else "",
        "part_title": strings.fill(words["pdf_part_title"], pages=part["pages"]) if part else "",
        "notebook": notebook,
        "notebook_text": strings.fill(words["download_notebook"], name=notebook) if notebook else "",
        "stamp": strings.fill(words["stamp_html"], version=version, commit=page.get("commit", "")[:10],
                              date=page.get("date", ""), data=page.get("data", "")),
        "canonical": canonical(page.get("canonical"), lang, pagename),
    }


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format == "html":
        context["reprobook"] = page_values(app, pagename)


def _copy_notebooks(app, exception) -> None:
    """Each notebook's file beside its page, for the edition bar's download link."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in sorted(app.env.found_docs):
        if _is_notebook(app, docname):
            dest = Path(app.outdir) / f"{docname}.ipynb"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(app.env.doc2path(docname), dest)


def setup(app):
    app.connect("config-inited", _add_paths)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_notebooks)
    app.add_css_file("reprobook.css")
