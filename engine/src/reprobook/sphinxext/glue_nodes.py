"""``{nb}``, ``{nbtable}`` and ``{nbfigure}``: a number, table or figure that a
notebook glued (reprobook.glue), pasted while the chapter is parsed.

myst-nb resolves glue from another document after Sphinx has collected labels,
so a ``:name:`` on a glued table or figure is never registered and ``{numref}``
fails; and its ``{glue}`` role pastes numbers as monospace code. These read the
notebook's stored output instead, so tables and figures are numbered and
cross-referenced like ones written in the chapter. Figures are written as SVG
(HTML) and PDF (LaTeX) under _build/generated and included with Sphinx's
``name.*`` format choice. The build runs stale notebooks before Sphinx starts,
and a chapter is re-read whenever a notebook (or label file) it uses changes.
"""
from __future__ import annotations

import base64
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import atomic, glue, labels
from ..project import current

RECONCILIATION = "/notebooks/reconciliation.ipynb"


def _lang(env) -> str:
    from . import lang_of

    return lang_of(env)


def _write_if_changed(path: Path, content: bytes) -> None:
    if not path.exists() or path.read_bytes() != content:
        atomic.write_bytes(path, content)


class NotebookTable(SphinxDirective):
    """``{nbtable} notebook.ipynb::key``; ``:original: 5.1`` adds the
    reconciliation note of the original table, when it has one."""

    required_arguments = 1
    has_content = False
    option_spec = {"original": directives.unchanged}

    def run(self):
        try:
            rel, key = glue.split_ref(self.arguments[0])
        except ValueError as exc:
            raise self.error(str(exc)) from None
        _, abspath = self.env.relfn2path(rel, self.env.docname)
        path = Path(abspath)
        if not path.exists():
            raise self.error(f"{self.name}: notebook not found: {rel}")
        self.env.note_dependency(str(path))
        try:
            text = self.render(path, key)
        except glue.GlueNotFound as exc:
            raise self.error(str(exc)) from None
        text += self.reconciliation_notes()
        holder = nodes.container()
        self.state.nested_parse(StringList(text.splitlines(), source=f"{rel}::{key}"), self.content_offset, holder)
        return holder.children

    def reconciliation_notes(self) -> str:
        notes = []
        lang = _lang(self.env)
        for orig in filter(None, (o.strip() for o in self.options.get("original", "").split(","))):
            _, abspath = self.env.relfn2path(RECONCILIATION, self.env.docname)
            self.env.note_dependency(abspath)
            try:
                notes.append(glue.get(Path(abspath), f"note-{orig}", lang, "markdown"))
            except glue.GlueNotFound:
                continue  # every printed number of that table agrees with its recomputation
        if not notes:
            return ""
        common = current().labels / "common.yaml"
        self.env.note_dependency(str(common))  # the note's title is a label: re-read the page when it changes
        return ("\n\n:::{admonition} " + labels.load("common", lang)["reconciliation_title"] + "\n:class: note\n"
                + "\n\n".join(notes) + "\n:::\n")

    def render(self, path: Path, key: str) -> str:
        return glue.get(path, key, _lang(self.env), "markdown", kinds=("table", "markdown"))


class NotebookFigure(NotebookTable):
    """``{nbfigure} notebook.ipynb::key`` with ``:name:`` and the caption as content."""

    has_content = True
    option_spec = {"name": directives.unchanged_required, "width": directives.unchanged,
                   "original": directives.unchanged, "figclass": directives.unchanged}

    def render(self, path: Path, key: str) -> str:
        if "name" not in self.options:
            raise self.error("nbfigure needs a :name: so that it can be cross-referenced")
        lang = _lang(self.env)
        out = current().build / "generated" / "figures" / lang / path.stem
        _write_if_changed(out / f"{key}.svg", glue.get(path, key, lang, "svg", ("figure",)).encode("utf-8"))
        _write_if_changed(out / f"{key}.pdf", base64.b64decode(glue.get(path, key, lang, "pdf", ("figure",))))
        alt = glue.get(path, key, lang, "alt", ("figure",)).strip().replace("\n", " ")
        uri = "/" + (out / f"{key}.*").relative_to(Path(self.env.srcdir)).as_posix()
        lines = [f":::{{figure}} {uri}", f":name: {self.options['name']}",
                 f":width: {self.options.get('width', '100%')}", f":alt: {alt}"]
        if "figclass" in self.options:
            lines.append(f":figclass: {self.options['figclass']}")
        lines.append("")
        lines += list(self.content) + [glue.get(path, key, lang, "source", ("figure",)), ":::"]
        return "\n".join(lines)


def nb_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{nb}`/notebooks/x.ipynb::key``: a glued number or short text as plain text;
    a missing key is a build error."""
    env = inliner.document.settings.env
    try:
        rel, key = glue.split_ref(text)
        _, abspath = env.relfn2path(rel, env.docname)
        path = Path(abspath)
        env.note_dependency(str(path))
        value = glue.get(path, key, _lang(env), "text", ("number", "text"))
    except (ValueError, glue.GlueNotFound, FileNotFoundError) as exc:
        msg = inliner.reporter.error(f"nb: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.inline(rawtext, value, classes=["glued"])], []


def setup(app):
    app.add_role("nb", nb_role)
    app.add_directive("nbtable", NotebookTable)
    app.add_directive("nbfigure", NotebookFigure)
