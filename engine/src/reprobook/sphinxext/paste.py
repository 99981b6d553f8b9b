"""``{nb}``, ``{nbtable}`` and ``{nbfigure}``: paste a value a notebook glued
(reprobook.glue) into a page, rendered in the edition's language while the
page is read.

myst-nb resolves glue from another document after Sphinx has collected labels,
so a glued table or figure would not be numbered or cross-referenced, and its
``{glue}`` role pastes numbers as code. These read the notebook's stored
output instead and build the nodes themselves (reprobook.render), so a pasted
table is a table Sphinx numbers, and every cell, caption and number is text.
A page is read again whenever a notebook it pastes from changes (and a figure
whenever its images do).

    {nb}`/notebooks/x.ipynb::key`                   a number or a short text
    ```{nbtable} /notebooks/x.ipynb::key
    :original: /notebooks/y.ipynb::note-key         a glued note below it, in a box
    ```
    ```{nbfigure} /notebooks/x.ipynb::key
    :name: fig-x
    :original: /notebooks/y.ipynb::note-key         likewise
    The caption, written here.
    ```
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .. import context, glue
from .. import values as v
from ..errors import ReprobookError
from ..render import provenance, table
from .domain import book_of

GLUED = "glued"


def _resolve(env, ref: str) -> tuple[Path, str, str]:
    """(notebook file, its name, key) of a reference '/notebooks/x.ipynb::key'. The
    page depends on the value's fingerprint (reprobook.context), which the pipeline
    rewrites only when the value changed; when it has none (no such value), Sphinx
    reads the page at every build, so the error stays shown until it is fixed."""
    rel, key = glue.split_ref(ref)
    book = book_of(env)
    path = book.notebook_path(rel)
    env.note_dependency(str(context.glued_mark(book.context, path.stem, key)))
    return path, path.stem, key


def nb_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{nb}`/notebooks/x.ipynb::key```: a glued number or text; a missing key is a build error."""
    env = inliner.document.settings.env
    try:
        path, notebook, key = _resolve(env, text)
        doc = glue.get(path, key, ("number", "text", "note"), book_of(env).shown(path))
        book = book_of(env)
        made = book.wording.nodes(glue.value(doc), env.docname)
    except ReprobookError as exc:
        msg = inliner.reporter.error(f"nb: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    node = nodes.inline(rawtext, "", classes=[GLUED])
    node["reprobook"] = f"{notebook}::{key}"
    node.extend(made)
    env.get_domain("reprobook").note_pasted(env.docname, notebook, key, doc["kind"])
    return [node], []


class Paste(SphinxDirective):
    required_arguments = 1
    has_content = False
    kinds: tuple[str, ...] = ()

    def glued(self) -> tuple[dict, str, str]:
        try:
            path, notebook, key = _resolve(self.env, self.arguments[0])
            return glue.get(path, key, self.kinds, book_of(self.env).shown(path)), notebook, key
        except ReprobookError as exc:
            raise self.error(f"{self.name}: {exc}") from None


class NotebookTable(Paste):
    """``{nbtable} /notebooks/x.ipynb::key``; ``:original:`` names a glued note
    (/notebooks/y.ipynb::note-key) shown below it when it has something to say."""

    option_spec = {"original": directives.unchanged, "name": directives.unchanged}
    kinds = ("table",)

    def run(self):
        doc, notebook, key = self.glued()
        book = book_of(self.env)
        try:
            t = glue.table(doc)
            tail = provenance.line(t.provenance, notebook, book.wording, self.env.docname, book.srcdir,
                                   book.project.root)
            node = table.build(t, book.wording, self.env.docname, tail)
            note = self.note()
        except ReprobookError as exc:
            raise self.error(f"{self.name}: {exc}") from None
        name = self.options.setdefault("name", key)
        self.add_name(node)  # numbered and cross-referenceable (add_name takes the option)
        self.set_source_info(node)
        self.env.get_domain("reprobook").note_pasted(self.env.docname, notebook, key, "table", name)
        return [node, *note]

    def note(self) -> list[nodes.Node]:
        """The glued notes that :original: names (comma-separated), in one box; none
        when every one is empty (all the original's printed figures agree)."""
        book = book_of(self.env)
        texts = []
        for ref in filter(None, (r.strip() for r in self.options.get("original", "").split(","))):
            path, notebook, key = _resolve(self.env, ref)
            value = glue.value(glue.get(path, key, ("note",), book.shown(path)))
            if value != "":
                texts.append(value)
        if not texts:
            return []
        box = nodes.admonition(classes=["note", "reprobook-reconciliation"])
        title = nodes.title()
        title.extend(book.wording.string("provenance", "reconciliation_title", self.env.docname))
        box += title
        for value in texts:
            para = nodes.paragraph()
            para.extend(book.wording.nodes(value, self.env.docname))
            box += para
        return [box]


class NotebookFigure(NotebookTable):
    """``{nbfigure} /notebooks/x.ipynb::key`` with ``:name:`` and the caption as
    content: a chart a notebook drew, or a diagram the pipeline drew from the
    data the notebook glued (reprobook.pipeline.figures)."""

    has_content = True
    option_spec = {"name": directives.unchanged_required, "width": directives.unchanged,
                   "figclass": directives.unchanged, "original": directives.unchanged}
    kinds = ("figure", "diagram")

    def run(self):
        if "name" not in self.options:
            raise self.error("nbfigure needs a :name: so that it can be cross-referenced")
        doc, notebook, key = self.glued()
        book = book_of(self.env)
        base = context.figure_base(book.context, notebook, key)
        described = base.with_suffix(".json")
        if not described.is_file():
            raise self.error(f"nbfigure: {notebook}::{key} has not been drawn ({described} is missing); "
                             "the build draws every glued figure before Sphinx starts")
        for suffix in (".json", ".svg", ".pdf"):
            self.env.note_dependency(str(base.with_suffix(suffix)))
        about = context.read(described)
        uri = "/" + posixpath.relpath(base.as_posix(), book.srcdir.as_posix()) + ".*"
        figure = nodes.figure(classes=[*self.options.get("figclass", "").split()])
        image = nodes.image(uri=uri, alt=about["alt"], width=self.options.get("width", "100%"))
        figure += image
        caption = nodes.caption()
        if self.content:
            holder = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, holder)
            first = holder[0] if len(holder) else None
            if isinstance(first, nodes.paragraph):
                caption.extend(first.children)
        try:
            tail = provenance.line(v.decode_provenance(about.get("provenance")), notebook, book.wording,
                                   self.env.docname, book.srcdir, book.project.root)
        except ReprobookError as exc:
            raise self.error(f"{self.name}: {exc}") from None
        caption += nodes.Text(" ")
        caption += tail
        figure += caption
        name = self.options["name"]
        self.add_name(figure)
        self.set_source_info(figure)
        self.env.get_domain("reprobook").note_pasted(self.env.docname, notebook, key, doc["kind"], name)
        try:
            return [figure, *self.note()]
        except ReprobookError as exc:
            raise self.error(f"{self.name}: {exc}") from None


SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _words_before(app, doctree) -> None:
    """For each pasted value, the words before it in its sentence: the value named as
    a reader meets it, on the "what changed" page."""
    domain = app.env.get_domain("reprobook")
    entries = {(e[0], e[1]): e for e in domain.pasted().get(app.env.docname, [])}
    for node in doctree.findall(lambda n: isinstance(n, nodes.inline) and GLUED in n["classes"]):
        notebook, key = node["reprobook"].split("::", 1)
        entry = entries.get((notebook, key))
        if entry is None or entry[4]:
            continue
        para = node.parent
        while para is not None and not isinstance(para, (nodes.paragraph, nodes.list_item, nodes.entry)):
            para = para.parent
        if para is None:
            continue
        before = []
        for text in para.findall(nodes.Text):
            if any(a is node for a in _ancestors(text)):
                break
            before.append(str(text))
        words = SENTENCE_END.split(" ".join("".join(before).split()))[-1].split()[-8:]
        entry[4] = " ".join(words)


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent


def setup(app):
    app.add_role("nb", nb_role)
    app.add_directive("nbtable", NotebookTable)
    app.add_directive("nbfigure", NotebookFigure)
    app.connect("doctree-read", _words_before)
