"""The page furniture that ties an edition to the others: the edition bar at the
top of every page (version, the same page in the other languages, the PDF, a
notebook's own file),
``<link rel="alternate" hreflang>`` in every page's head, the theme's buttons in
the edition's language, and each notebook's .ipynb beside its page.

Links between editions are relative (reprobook.editions.href), so they work on
a server and from disk alike. The words come from the engine's labels
(labels/site.yaml), in the edition's language.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

from .. import editions, labels
from ..project import current
from ..site import slots

THEME = Path(__file__).parent / "theme"


def _add_paths(app, config) -> None:
    # Ahead of the project's own, so a project may still override a template by name.
    config.templates_path = [str(THEME / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(THEME / "static")]


def _is_notebook(app, docname: str) -> bool:
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def _page_context(app, pagename, templatename, context, doctree) -> None:
    from . import lang_of

    lang = lang_of(app.env)
    L = labels.engine("site", lang)
    alternates = []
    for other in current().languages:
        if other == lang:
            continue
        target = editions.counterpart(pagename, lang, other) if pagename in editions.pages(lang) else None
        target = target or editions.pages(other)[0]  # pages outside the TOC (search, index) go to the start
        alternates.append({"lang": other, "href": editions.href(pagename, other, target),
                           "name": labels.engine("site", other)["language_self"]})
    head = [f'<link rel="alternate" hreflang="{html.escape(a["lang"])}" href="{html.escape(a["href"])}">'
            for a in alternates]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(head)
    notebook = Path(pagename).name + ".ipynb" if pagename in app.env.all_docs and _is_notebook(app, pagename) else ""
    context["reprobook"] = reprobook = {
        "labels": L, "alternates": alternates, "page": pagename + ".html", "up": "../" * pagename.count("/"),
        "version_text": L["version_button"].format(version=slots.slot("version")),
        "pdf_href": "../" * pagename.count("/") + slots.slot("pdf"), "pdf_label": slots.slot("pdf_label"),
        "notebook": notebook, "notebook_text": L["download_notebook"].format(name=notebook),
    }
    # The bar opens the article, above the title: in the theme's sticky header it would
    # crowd the buttons there, and on a phone cover the title.
    if doctree is not None and "body" in context:
        bar = app.builder.templates.render("reprobook-bar.html", {"reprobook": reprobook})
        context["body"] = bar + context["body"]


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
