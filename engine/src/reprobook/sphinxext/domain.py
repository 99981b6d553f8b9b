"""The extension's per-document state, as a Sphinx domain: which glued values
each page pastes (so the "what changed" page can name the pages that show a
changed value, and the notebook index what each notebook makes for the book),
kept through incremental and parallel builds by ``clear_doc`` and
``merge_domaindata``.

The domain object also carries what the extension knows of its book (the
project, the edition's language, its strings and the pipeline's context
folder), made once per build from Sphinx's configuration, so directives reach
it through their environment.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sphinx.domains import Domain

from .. import project as _project
from .. import strings
from ..render.inline import Wording


@dataclass
class Book:
    project: _project.Project
    lang: str
    catalog: strings.Catalog
    wording: Wording
    context: Path
    srcdir: Path

    def notebook_path(self, rel: str) -> Path:
        """A notebook named as a page names it (/notebooks/x.ipynb) on disk."""
        return self.project.notebooks / Path(rel).name

    def shown(self, path: Path) -> str:
        return self.project.relative(path)


class ReprobookDomain(Domain):
    name = "reprobook"
    label = "reprobook"
    # pasted: docname -> [[notebook, key, kind, label, words before it]];
    # overview: the pages that list what every other page pastes (written again whenever any page is read)
    # indexed: the pages with index entries (a glossary)
    initial_data = {"pasted": {}, "overview": [], "indexed": []}
    data_version = 1

    @cached_property
    def book(self) -> Book:
        config = self.env.config
        project = _project.load(Path(config.reprobook_root))
        lang = config.reprobook_lang or project.default_lang
        catalog = strings.of(project)
        return Book(project, lang, catalog, Wording(catalog, lang), Path(config.reprobook_context), Path(self.env.srcdir))

    def note_pasted(self, docname: str, notebook: str, key: str, kind: str, label: str = "", words: str = "") -> None:
        entry = [notebook, key, kind, label, words]
        pasted = self.data["pasted"].setdefault(docname, [])
        if entry not in pasted:
            pasted.append(entry)

    def pasted(self) -> dict[str, list[list[str]]]:
        return self.data["pasted"]

    def note_overview(self, docname: str) -> None:
        if docname not in self.data["overview"]:
            self.data["overview"].append(docname)

    def clear_doc(self, docname: str) -> None:
        self.data["pasted"].pop(docname, None)
        for kept in (self.data["overview"], self.data["indexed"]):
            if docname in kept:
                kept.remove(docname)

    def merge_domaindata(self, docnames, otherdata) -> None:
        for doc in docnames:
            if doc in otherdata["pasted"]:
                self.data["pasted"][doc] = otherdata["pasted"][doc]
            for kind in ("overview", "indexed"):
                if doc in otherdata[kind] and doc not in self.data[kind]:
                    self.data[kind].append(doc)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def book_of(env) -> Book:
    return env.get_domain("reprobook").book


def _rewrite_overviews(app, env) -> list[str]:
    """Once pages were read (or removed), the pages that list what every page
    pastes are written again, and so is a page with index entries (a glossary),
    whose entries the search index keeps only for the pages written in this build.
    Written, not read: what they gather is filled in as they are written
    (reprobook.sphinxext.overview)."""
    if not getattr(app, "reprobook_changed", False):
        return []
    data = env.get_domain("reprobook").data
    return [d for d in data["overview"] + data["indexed"] if d in env.found_docs]


def _note_changed(app, env, added, changed, removed) -> list[str]:
    app.reprobook_changed = bool(added or changed or removed)
    return []


def _note_read(app, env, docnames) -> None:
    app.reprobook_changed = getattr(app, "reprobook_changed", False) or bool(docnames)


def _note_indexed(app, doctree) -> None:
    from sphinx import addnodes

    if next(doctree.findall(addnodes.index), None) is not None:
        data = app.env.get_domain("reprobook").data
        if app.env.docname not in data["indexed"]:
            data["indexed"].append(app.env.docname)


def setup(app):
    app.add_domain(ReprobookDomain)
    app.connect("env-get-outdated", _note_changed)
    app.connect("env-before-read-docs", _note_read)
    app.connect("env-updated", _rewrite_overviews)
    app.connect("doctree-read", _note_indexed)
