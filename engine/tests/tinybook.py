"""The engine's own tests: tiny books made here, built with ``sphinx.testing``,
each in seconds, knowing nothing of any thesis.

A tiny book is a project folder (reprobook.yaml, a data package with the
original's contents, strings in two languages, one notebook whose stored
outputs are glued values) and one Sphinx source folder per edition. Each
edition gets a plain ``conf.py`` naming the extension, so these tests see the
extension as any Sphinx project would, without Jupyter Book around it.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml
from sphinx.util.docutils import patch_docutils

from reprobook import context, glue
from reprobook import project as projects
from reprobook.pipeline import glued

LANGS = ("en", "id")

SETTINGS = {
    "name": "tiny",
    "pdf_name": "tiny-{lang}-{version}.pdf",
    "languages": list(LANGS),
    "original": {"contents": "toc"},
}

DATAPACKAGE = {
    "name": "tiny",
    "resources": [{
        "name": "toc", "path": "printed/toc.csv", "title": "The original's table of contents",
        "sources": [{"passage": "Contents", "page": "i", "seed_lines": "1-4"}],
        "schema": {"fields": [
            {"name": "section", "type": "string", "constraints": {"required": True, "unique": True}},
            {"name": "level", "type": "integer", "constraints": {"required": True}},
            {"name": "title", "type": "string", "constraints": {"required": True}},
            {"name": "page", "type": "string"},
            {"name": "toc_line", "type": "integer"},
            {"name": "body_line", "type": "integer"},
        ], "primaryKey": ["section"]},
    }],
}

TOC_CSV = "section,level,title,page,toc_line,body_line\n1,1,Results,3,2,10\n1.1,2,Counts,3,3,11\n1.2,2,Steps,7,4,30\n"

STRINGS = {
    "site": {
        "site_title": {"en": "Tiny book", "id": "Buku kecil"},
        "book_title": {"en": "Tiny book", "id": "Buku kecil"},
        "book_author": {"en": "A. Author", "id": "A. Author"},
        "book_copyright": {"en": "A. Author", "id": "A. Author"},
    },
    "tiny": {
        "caption": {"en": "Counts per year", "id": "Jumlah per tahun"},
        "col_year": {"en": "Year", "id": "Tahun"},
        "col_count": {"en": "Count", "id": "Jumlah"},
        "agree": {"en": "agrees", "id": "cocok"},
        "note": {"en": "The original prints {n} for this total.", "id": "Naskah asli mencetak {n} untuk total ini."},
        "alt": {"en": "A bar chart of the counts", "id": "Diagram batang jumlah"},
        # allowed in a string, and each character special to HTML or LaTeX (markup is refused: plaintext)
        "hostile": {"en": "5 < 6 & 100% # _ ~ ^ $ \\input /etc/hostname", "id": "5 < 6 & 100% # _ ~ ^ $ \\input /etc/hostname"},
    },
}

CONF = """\
extensions = ["myst_nb", "sphinxcontrib.bibtex", "reprobook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
nb_execution_mode = "off"
html_theme = "sphinx_book_theme"
numfig = True
bibtex_bibfiles = []
exclude_patterns = ["_build"]
"""


def notebook_json(values: dict) -> dict:
    """A notebook whose one code cell has glued each value (as reprobook.glue.write does)."""
    outputs = []
    for key, value in values.items():
        doc = glue.document(value)
        outputs.append({
            "output_type": "display_data",
            "data": {glue.PREFIX + glue.MIME: json.dumps(doc, ensure_ascii=False, sort_keys=True),
                     "text/plain": key},
            "metadata": {"scrapbook": {"name": key, "mime_prefix": glue.PREFIX}},
        })
    return {"cells": [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": ["# Demo\n"]},
                      {"cell_type": "code", "execution_count": 1, "id": "glued", "metadata": {},
                       "outputs": outputs, "source": ["# glued\n"]}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


class TinyBook:
    """One tiny project; `page` writes a page into every edition, `glue` the notebook's
    values, `build` one edition with sphinx.testing."""

    def __init__(self, root: Path, make_app):
        self.root = root
        self._make_app = make_app
        (root / "data" / "printed").mkdir(parents=True)
        (root / "strings").mkdir()
        (root / "notebooks").mkdir()
        (root / "reprobook.yaml").write_text(yaml.safe_dump(SETTINGS), encoding="utf-8")
        (root / "data" / "datapackage.yaml").write_text(yaml.safe_dump(DATAPACKAGE), encoding="utf-8")
        (root / "data" / "printed" / "toc.csv").write_text(TOC_CSV, encoding="utf-8")
        for name, content in STRINGS.items():
            (root / "strings" / f"{name}.yaml").write_text(yaml.safe_dump(content, allow_unicode=True),
                                                          encoding="utf-8")
        self.pages: list[str] = []
        for lang in LANGS:
            src = self.src(lang)
            src.mkdir(parents=True)
            (src / "conf.py").write_text(CONF, encoding="utf-8")
            (src / "notebooks").symlink_to(Path("..") / ".." / "notebooks")  # as every edition has them
        self.glue({})
        self.pages.append("notebooks/demo")
        self.page("index", "# Start\n\nThe first page.\n")

    @property
    def project(self) -> projects.Project:
        return projects.load(self.root)

    def src(self, lang: str) -> Path:
        return self.root / "book" / lang

    def context(self, lang: str) -> Path:
        return context.folder(self.root / "_build", lang)

    def page(self, name: str, text: str, lang: str | None = None) -> None:
        """Write a page (into one edition, or every one) and list it in the TOCs."""
        for each in [lang] if lang else LANGS:
            path = self.src(each) / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        if name not in self.pages:
            self.pages.insert(len(self.pages) - 1 if self.pages else 0, name)  # the notebook stays last
        for each in LANGS:
            toc = {"format": "jb-book", "root": self.pages[0],
                   "chapters": [{"file": p} for p in self.pages[1:]]}
            (self.src(each) / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
            index = self.src(each) / "index.md"
            body = index.read_text(encoding="utf-8").split("\n```{toctree}")[0].rstrip("\n")
            index.write_text(body + "\n\n```{toctree}\n" + "\n".join(self.pages[1:]) + "\n```\n", encoding="utf-8")

    def glue(self, values: dict, name: str = "demo") -> None:
        """Write the notebook, and its values' fingerprints, as the pipeline would before a build."""
        (self.root / "notebooks" / f"{name}.ipynb").write_text(json.dumps(notebook_json(values), ensure_ascii=False),
                                                               encoding="utf-8")
        glued.mark(self.project, LANGS)

    def build(self, lang: str = "en", buildername: str = "html", page: dict | None = None, fresh: bool = True,
              **overrides):
        """Build one edition: from nothing, or (`fresh=False`) on the last build's saved state."""
        self.context(lang).mkdir(parents=True, exist_ok=True)
        app = self._make_app(buildername, srcdir=self.src(lang), freshenv=fresh, confoverrides={
            "reprobook_root": str(self.root), "reprobook_lang": lang, "reprobook_context": str(self.context(lang)),
            "reprobook_page": page or {}, "language": lang, **overrides})
        with patch_docutils(app.confdir):  # as sphinx-build runs a build (sphinx.testing does not)
            app.build()
        return app

    def html(self, app, page: str) -> str:
        return (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")


def warnings_of(app) -> str:
    return app._warning.getvalue()
